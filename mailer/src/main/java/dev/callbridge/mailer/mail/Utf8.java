package dev.callbridge.mailer.mail;

/** Byte-counted cuts of text that never split a character. */
public final class Utf8 {
    private Utf8() {}

    /** The UTF-8 length of {@code s} in bytes. */
    public static int length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            bytes += width(s, i);
            if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            }
        }
        return bytes;
    }

    /** The longest prefix of {@code s} whose UTF-8 form fits in {@code maxBytes}, cut between characters. */
    public static String truncate(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int w = width(s, i);
            boolean pair = Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (bytes + w > maxBytes) {
                break;
            }
            bytes += w;
            i += pair ? 2 : 1;
        }
        return s.substring(0, i);
    }

    /** Bytes of the character starting at {@code i} (a surrogate pair counts as one 4-byte character). */
    private static int width(CharSequence s, int i) {
        char c = s.charAt(i);
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            return 4;
        }
        return 3; // BMP, or a lone surrogate that the encoder writes as '?'… counted as 3 to stay on the safe side
    }
}
