package dev.callbridge.bridge.transcript;

/** Cuts a spoken sentence at the share of it that was heard, on a word boundary. Pure. */
public final class TextCut {
    private TextCut() {}

    /**
     * The words of {@code text} that fit in {@code fraction} (0..1) of its length, counted in characters as a
     * stand-in for speaking time; a word is kept once its start was heard. Nothing heard gives the empty string.
     */
    public static String keepFraction(String text, double fraction) {
        if (fraction >= 1) {
            return text;
        }
        if (fraction <= 0 || text.isEmpty()) {
            return "";
        }
        int limit = (int) Math.round(text.length() * fraction);
        int end = limit;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).strip();
    }
}
