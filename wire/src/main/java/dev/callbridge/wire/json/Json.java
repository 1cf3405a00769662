package dev.callbridge.wire.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.WireFormatException;

/** Tree-model JSON helpers shared by the codecs. Field accessors fail with a {@link WireFormatException}. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WireFormatException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new WireFormatException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /**
     * Whether {@code s} can stand between JSON quotes as it is: printable ASCII without {@code "} or {@code \\}.
     * Base64 payloads and Twilio's SIDs always can, which lets the per-frame messages skip the tree model.
     */
    public static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A required text field. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new WireFormatException("missing or non-string field '" + field + "'");
        }
        return v.textValue();
    }

    /** An optional text field: empty string when absent or null. */
    public static String optText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** A required object field. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) {
            throw new WireFormatException("missing or non-object field '" + field + "'");
        }
        return v;
    }

    /** A required integer, given either as a JSON number or as a numeric string (Twilio sends strings). */
    public static long integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.canConvertToExactIntegral()) {
            return v.longValue();
        }
        if (v != null && v.isTextual()) {
            try {
                return Long.parseLong(v.textValue());
            } catch (NumberFormatException e) {
                throw new WireFormatException("field '" + field + "' is not an integer: " + v.textValue());
            }
        }
        throw new WireFormatException("missing or non-integer field '" + field + "'");
    }

    /** An optional integer: {@code fallback} when absent or null. */
    public static long optInteger(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : integer(node, field);
    }
}
