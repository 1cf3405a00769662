package dev.callbridge.wire.twilio;

/**
 * Reads the one message that arrives 50 times a second per call, a Twilio {@code media} message, straight from its
 * characters: no parser objects, no token strings, one substring per field kept. It understands only the shape
 * Twilio sends (the four known members, in any order, with JSON whitespace; strings without escapes; integers as
 * digit strings or plain JSON integers) and answers null for anything else (an escape, a duplicate or unknown
 * member, a float, a {@code null}, trailing text), which {@link MediaStreamCodec} then hands to the tree model for
 * a decode or a precise refusal. Whatever it accepts decodes as the tree model would.
 */
final class MediaScanner {
    /** Digits past which an integer is left to the tree model (no overflow to think about here). */
    private static final int MAX_DIGITS = 18;

    private final String text;
    private final int end;
    private int at;

    private MediaScanner(String text, int at) {
        this.text = text;
        this.end = text.length();
        this.at = at;
    }

    /**
     * @param text a message that begins with {@code {"event":"media"}
     * @param afterEvent where the event's value ends
     * @return the message's fields, or null if the tree model must decide
     */
    static Fields scan(String text, int afterEvent) {
        return new MediaScanner(text, afterEvent).message();
    }

    /** The fields as read; the payload is the text up to its closing quote, not yet checked (as base64). */
    record Fields(long sequenceNumber, String streamSid, String track, long chunk, long timestamp, String payload) {}

    private Fields message() {
        String streamSid = null;
        String track = null;
        String payload = null;
        long sequenceNumber = -1;
        long chunk = -1;
        long timestamp = -1;
        boolean media = false;
        while (true) {
            char c = nextSignificant();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
            String name = key();
            if (name == null) {
                return null;
            }
            switch (name) {
                case "sequenceNumber" -> {
                    if (sequenceNumber >= 0 || (sequenceNumber = integer()) < 0) {
                        return null;
                    }
                }
                case "streamSid" -> {
                    if (streamSid != null || (streamSid = string()) == null) {
                        return null;
                    }
                }
                case "media" -> {
                    if (media || nextSignificant() != '{') {
                        return null;
                    }
                    media = true;
                    if (peekSignificant() == '}') {
                        at++;
                    } else {
                        while (true) {
                            String field = key();
                            if (field == null) {
                                return null;
                            }
                            switch (field) {
                                case "track" -> {
                                    if (track != null || (track = string()) == null) {
                                        return null;
                                    }
                                }
                                case "chunk" -> {
                                    if (chunk >= 0 || (chunk = integer()) < 0) {
                                        return null;
                                    }
                                }
                                case "timestamp" -> {
                                    if (timestamp >= 0 || (timestamp = integer()) < 0) {
                                        return null;
                                    }
                                }
                                case "payload" -> {
                                    if (payload != null || (payload = toNextQuote()) == null) {
                                        return null;
                                    }
                                }
                                default -> {
                                    return null;
                                }
                            }
                            char next = nextSignificant();
                            if (next == '}') {
                                break;
                            }
                            if (next != ',') {
                                return null;
                            }
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        peekSignificant();
        if (at != end || streamSid == null || payload == null || sequenceNumber < 0 || chunk < 0
                || timestamp < 0) {
            return null;
        }
        return new Fields(sequenceNumber, streamSid, track == null ? "" : track, chunk, timestamp, payload);
    }

    /** A member's name and its colon, leaving the position at the value; null if not a plain string. */
    private String key() {
        String name = string();
        return name != null && nextSignificant() == ':' ? name : null;
    }

    /** A string without escapes or control characters; null for anything else. */
    private String string() {
        if (nextSignificant() != '"') {
            return null;
        }
        int from = at;
        for (; at < end; at++) {
            char c = text.charAt(at);
            if (c == '"') {
                return text.substring(from, at++);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
        }
        return null;
    }

    /**
     * A string's characters up to the next quote, unchecked (found by a vectorised search): for the payload, which
     * the caller checks as base64, a check that admits no escape or control character.
     */
    private String toNextQuote() {
        if (nextSignificant() != '"') {
            return null;
        }
        int close = text.indexOf('"', at);
        if (close < 0) {
            return null;
        }
        String value = text.substring(at, close);
        at = close + 1;
        return value;
    }

    /** Digits, as a string (Twilio's way) or a JSON integer without sign or leading zero; -1 for anything else. */
    private long integer() {
        boolean quoted = peekSignificant() == '"';
        if (quoted) {
            at++;
        }
        int from = at;
        long value = 0;
        while (at < end && at - from <= MAX_DIGITS) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            at++;
        }
        int digits = at - from;
        if (digits == 0 || digits > MAX_DIGITS) {
            return -1;
        }
        if (quoted) {
            return at < end && text.charAt(at++) == '"' ? value : -1;
        }
        if (digits > 1 && text.charAt(from) == '0') {
            return -1;
        }
        char after = at < end ? text.charAt(at) : 0;
        return after == ',' || after == '}' || isWhitespace(after) ? value : -1;
    }

    /** The next character that is not JSON whitespace, consumed; 0 at the end. */
    private char nextSignificant() {
        char c = peekSignificant();
        if (c != 0) {
            at++;
        }
        return c;
    }

    /** The next character that is not JSON whitespace, not consumed; 0 at the end. */
    private char peekSignificant() {
        while (at < end && isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < end ? text.charAt(at) : 0;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
