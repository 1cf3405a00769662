package dev.callbridge.wire.json;

import java.util.function.Predicate;

/**
 * A position in a JSON text, for the hand-written readers of the few messages that arrive many times a second per
 * call. It reads only the plain forms (strings without escapes or control characters, non-negative integers as
 * digits or digit strings) and answers null or -1 for anything else, so that a reader can hand such a message to
 * the tree model ({@link Json}), which decodes it or refuses it with a precise reason. Not thread-safe; one per
 * message.
 */
public final class JsonCursor {
    /** Digits past which an integer is left to the tree model (no overflow to think about here). */
    private static final int MAX_DIGITS = 18;

    private final String text;
    private final int end;
    private int at;

    public JsonCursor(String text, int at) {
        this.text = text;
        this.end = text.length();
        this.at = at;
    }

    /**
     * The rest of an object whose opening (and perhaps first members) has been read: for each {@code ,"name":},
     * {@code member} gets the name with the position at the value, reads the value and answers whether it took it.
     * True when the object closes with every member taken; false at the first member refused or anything that is
     * not a plain member.
     */
    public boolean restOfObject(Predicate<String> member) {
        for (char c = next(); c != '}'; c = next()) {
            String name = c == ',' ? key() : null;
            if (name == null || !member.test(name)) {
                return false;
            }
        }
        return true;
    }

    /** An object from its opening brace, its members read as {@link #restOfObject} reads them. */
    public boolean object(Predicate<String> member) {
        if (next() != '{') {
            return false;
        }
        if (peek() == '}') {
            next();
            return true;
        }
        String first = key();
        return first != null && member.test(first) && restOfObject(member);
    }

    /** A member's name and its colon, leaving the position at the value; null if not a plain string. */
    public String key() {
        String name = string();
        return name != null && next() == ':' ? name : null;
    }

    /** A string without escapes or control characters; null for anything else. */
    public String string() {
        if (next() != '"') {
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
     * A string's characters up to the next quote, unchecked (found by a vectorised search): only for a value the
     * caller then checks with a test that admits no backslash or control character (base64, say), which makes it
     * exactly the JSON string.
     */
    public String toNextQuote() {
        if (next() != '"') {
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

    /** Digits, as a string or as a JSON integer without sign or leading zero; -1 for anything else. */
    public long integer() {
        boolean quoted = peek() == '"';
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
    public char next() {
        char c = peek();
        if (c != 0) {
            at++;
        }
        return c;
    }

    /** The next character that is not JSON whitespace, not consumed; 0 at the end. */
    public char peek() {
        while (at < end && isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < end ? text.charAt(at) : 0;
    }

    /** Whether nothing but JSON whitespace is left. */
    public boolean atEnd() {
        peek();
        return at == end;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
