package dev.callbridge.wire.twilio;

import dev.callbridge.wire.json.JsonCursor;

/**
 * Reads the one message that arrives 50 times a second per call, a Twilio {@code media} message, straight from its
 * characters: no parser objects, no token strings, one substring per field kept. It understands only the shape
 * Twilio sends (the four known members, in any order, with JSON whitespace; strings without escapes; integers as
 * digit strings or plain JSON integers) and answers null for anything else (an escape, a duplicate or unknown
 * member, a float, a {@code null}, trailing text), which {@link MediaStreamCodec} then hands to the tree model for
 * a decode or a precise refusal. Whatever it accepts decodes as the tree model would.
 */
final class MediaScanner {
    private final JsonCursor in;

    private MediaScanner(String text, int at) {
        this.in = new JsonCursor(text, at);
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
            char c = in.next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
            String name = in.key();
            if (name == null) {
                return null;
            }
            switch (name) {
                case "sequenceNumber" -> {
                    if (sequenceNumber >= 0 || (sequenceNumber = in.integer()) < 0) {
                        return null;
                    }
                }
                case "streamSid" -> {
                    if (streamSid != null || (streamSid = in.string()) == null) {
                        return null;
                    }
                }
                case "media" -> {
                    if (media || in.next() != '{') {
                        return null;
                    }
                    media = true;
                    if (in.peek() == '}') {
                        in.next();
                    } else {
                        while (true) {
                            String field = in.key();
                            if (field == null) {
                                return null;
                            }
                            switch (field) {
                                case "track" -> {
                                    if (track != null || (track = in.string()) == null) {
                                        return null;
                                    }
                                }
                                case "chunk" -> {
                                    if (chunk >= 0 || (chunk = in.integer()) < 0) {
                                        return null;
                                    }
                                }
                                case "timestamp" -> {
                                    if (timestamp >= 0 || (timestamp = in.integer()) < 0) {
                                        return null;
                                    }
                                }
                                case "payload" -> {
                                    if (payload != null || (payload = in.toNextQuote()) == null) {
                                        return null;
                                    }
                                }
                                default -> {
                                    return null;
                                }
                            }
                            char next = in.next();
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
        if (!in.atEnd() || streamSid == null || payload == null || sequenceNumber < 0 || chunk < 0
                || timestamp < 0) {
            return null;
        }
        return new Fields(sequenceNumber, streamSid, track == null ? "" : track, chunk, timestamp, payload);
    }
}
