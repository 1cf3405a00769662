package dev.callbridge.wire.audio;

import dev.callbridge.wire.WireFormatException;

/** Checks that audio text is standard base64 (RFC 4648 §4: alphabet, padding, length) without decoding it. */
public final class Base64Text {
    /** The 64 characters of the standard alphabet, by code: one lookup per character of every frame. */
    private static final boolean[] ALPHABET = new boolean[128];

    static {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".chars().forEach(c -> ALPHABET[c] = true);
    }

    private Base64Text() {}

    /** Why {@code text} is not standard base64, or null if it is. */
    public static String problem(String text) {
        int n = text.length();
        if (n % 4 != 0) {
            return "length " + n + " is not a multiple of 4";
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = c < 128 && ALPHABET[c] || c == '=' && i >= n - 2 && (i == n - 1 || text.charAt(n - 1) == '=');
            if (!ok) {
                return "character " + (int) c + " at " + i;
            }
        }
        return null;
    }

    /**
     * {@code text}, refused unless it is standard base64: what is forwarded as-is must be what the other side can
     * decode. {@code what} names it in the error ("media payload", "audio delta").
     */
    public static String require(String what, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new WireFormatException(what + " is not base64: " + problem);
        }
        return text;
    }
}
