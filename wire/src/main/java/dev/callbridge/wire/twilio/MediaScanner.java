package dev.callbridge.wire.twilio;

import dev.callbridge.wire.json.JsonCursor;

/**
 * Reads the one message that arrives 50 times a second per call, a Twilio {@code media} message, straight from its
 * characters: no parser objects, no token strings, one substring per field kept. It understands only the shape
 * Twilio sends (the four known members, in any order, with JSON whitespace; strings without escapes; integers as
 * digit strings or plain JSON integers) and answers null for anything else (an escape, a duplicate or unknown
 * member, a float, a {@code null}, trailing text), which {@link MediaStreamCodec} then hands to the tree model for
 * a decode or a precise refusal. Whatever it accepts decodes as the tree model would. One per message.
 */
final class MediaScanner {
    private final JsonCursor in;
    private String streamSid;
    private String track;
    private String payload;
    private long sequenceNumber = -1;
    private long chunk = -1;
    private long timestamp = -1;
    private boolean media;

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
        if (!in.restOfObject(this::member) || !in.atEnd() || streamSid == null || payload == null || sequenceNumber < 0
                || chunk < 0 || timestamp < 0) {
            return null;
        }
        return new Fields(sequenceNumber, streamSid, track == null ? "" : track, chunk, timestamp, payload);
    }

    /** Reads one member of the message; false for an unknown or repeated one, or a value not in the plain form. */
    private boolean member(String name) {
        return switch (name) {
            case "sequenceNumber" -> sequenceNumber < 0 && (sequenceNumber = in.integer()) >= 0;
            case "streamSid" -> streamSid == null && (streamSid = in.string()) != null;
            case "media" -> !media && (media = true) && in.object(this::mediaMember);
            default -> false;
        };
    }

    private boolean mediaMember(String name) {
        return switch (name) {
            case "track" -> track == null && (track = in.string()) != null;
            case "chunk" -> chunk < 0 && (chunk = in.integer()) >= 0;
            case "timestamp" -> timestamp < 0 && (timestamp = in.integer()) >= 0;
            case "payload" -> payload == null && (payload = in.toNextQuote()) != null;
            default -> false;
        };
    }
}
