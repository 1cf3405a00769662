package dev.callbridge.wire.realtime;

import dev.callbridge.wire.audio.Base64Text;
import dev.callbridge.wire.json.JsonCursor;

/**
 * Reads an audio delta (most of what the service sends, and the largest messages) straight from its characters:
 * the known members in any order, strings without escapes, integers, a base64 delta. Anything else (an unknown or
 * repeated member, a float, an escape) answers null, and {@link RealtimeCodec} hands the message to the tree model,
 * which decodes or refuses it. Same result as the tree model for every message it accepts. One per message.
 */
final class AudioDeltaScanner {
    private final JsonCursor in;
    private String eventId;
    private String responseId;
    private String itemId;
    private String delta;
    private long outputIndex = -1;
    private long contentIndex = -1;

    private AudioDeltaScanner(String text, int at) {
        this.in = new JsonCursor(text, at);
    }

    /**
     * @param text a message that begins with {@code {"type":"response.output_audio.delta"}
     * @param afterType where the type's value ends
     * @return the delta, or null if the tree model must decide
     */
    static ServerEvent.AudioDelta scan(String text, int afterType) {
        return new AudioDeltaScanner(text, afterType).message();
    }

    private ServerEvent.AudioDelta message() {
        if (!in.restOfObject(this::member) || !in.atEnd() || responseId == null || itemId == null || delta == null) {
            return null;
        }
        return new ServerEvent.AudioDelta(responseId, itemId, contentIndex < 0 ? 0 : (int) contentIndex, delta);
    }

    private boolean member(String name) {
        return switch (name) {
            case "event_id" -> eventId == null && (eventId = in.string()) != null;
            case "response_id" -> responseId == null && (responseId = in.string()) != null;
            case "item_id" -> itemId == null && (itemId = in.string()) != null;
            case "output_index" -> outputIndex < 0 && (outputIndex = in.integer()) >= 0;
            case "content_index" -> contentIndex < 0 && (contentIndex = in.integer()) >= 0;
            // Read up to the next quote, then checked as base64 (no escape or control character passes).
            case "delta" -> delta == null && (delta = in.toNextQuote()) != null && Base64Text.problem(delta) == null;
            default -> false;
        };
    }
}
