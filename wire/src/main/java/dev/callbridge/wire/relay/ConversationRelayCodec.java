package dev.callbridge.wire.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON ⇄ records for Twilio ConversationRelay, both directions: the bridge decodes {@link RelayMessage}s and encodes
 * {@link RelayCommand}s; the simulator, playing Twilio, does the reverse. Pure and thread-safe.
 */
public final class ConversationRelayCodec {

    private ConversationRelayCodec() {}

    /** Reads a message Twilio sends. Malformed JSON or a missing field throws; an unknown type is a value. */
    public static RelayMessage decodeMessage(String text) {
        ObjectNode root = Json.parseObject(text);
        String type = Json.text(root, "type");
        return switch (type) {
            case "setup" -> new RelayMessage.Setup(Json.optText(root, "sessionId"), Json.optText(root, "accountSid"),
                    Json.text(root, "callSid"), Json.optText(root, "from"), Json.optText(root, "to"),
                    Json.optText(root, "direction"), stringMap(root.path("customParameters")));
            case "prompt" -> new RelayMessage.Prompt(Json.text(root, "voicePrompt"), Json.optText(root, "lang"),
                    bool(root, "last", true));
            case "interrupt" -> new RelayMessage.Interrupt(Json.optText(root, "utteranceUntilInterrupt"),
                    millis(root, "durationUntilInterruptMs"));
            case "dtmf" -> new RelayMessage.Dtmf(Json.text(root, "digit"));
            case "info" -> {
                Map<String, String> fields = stringMap(root);
                fields.remove("type");
                yield new RelayMessage.Info(fields);
            }
            case "error" -> new RelayMessage.Error(Json.optText(root, "description"));
            default -> new RelayMessage.Unrecognized(type);
        };
    }

    /** Writes a message as Twilio would send it. */
    public static String encodeMessage(RelayMessage message) {
        ObjectNode root = Json.object();
        switch (message) {
            case RelayMessage.Setup s -> {
                root.put("type", "setup").put("sessionId", s.sessionId()).put("accountSid", s.accountSid())
                        .put("parentCallSid", "").put("callSid", s.callSid()).put("from", s.from()).put("to", s.to())
                        .put("forwardedFrom", "").put("callType", "PSTN").put("callerName", "")
                        .put("direction", s.direction()).put("callStatus", "RINGING");
                ObjectNode params = root.putObject("customParameters");
                s.customParameters().forEach(params::put);
            }
            case RelayMessage.Prompt p -> root.put("type", "prompt").put("voicePrompt", p.voicePrompt())
                    .put("lang", p.lang()).put("last", p.last());
            case RelayMessage.Interrupt i -> root.put("type", "interrupt")
                    .put("utteranceUntilInterrupt", i.utteranceUntilInterrupt())
                    .put("durationUntilInterruptMs", i.durationUntilInterruptMs());
            case RelayMessage.Dtmf d -> root.put("type", "dtmf").put("digit", d.digit());
            case RelayMessage.Info i -> {
                root.put("type", "info");
                i.fields().forEach(root::put);
            }
            case RelayMessage.Error e -> root.put("type", "error").put("description", e.description());
            case RelayMessage.Unrecognized u -> root.put("type", u.type());
        }
        return Json.write(root);
    }

    /** Writes a command exactly as ConversationRelay accepts it (an unknown field fails Twilio's validation). */
    public static String encodeCommand(RelayCommand command) {
        ObjectNode root = Json.object();
        switch (command) {
            case RelayCommand.Text t -> root.put("type", "text").put("token", t.token()).put("last", t.last());
            case RelayCommand.End e -> {
                root.put("type", "end");
                if (!e.handoffData().isEmpty()) {
                    root.put("handoffData", e.handoffData());
                }
            }
        }
        return Json.write(root);
    }

    /** Reads a command, as Twilio does: a type it does not accept, or a missing field, throws. */
    public static RelayCommand decodeCommand(String text) {
        ObjectNode root = Json.parseObject(text);
        String type = Json.text(root, "type");
        return switch (type) {
            case "text" -> {
                JsonNode last = root.get("last");
                if (last != null && !last.isBoolean()) {
                    throw new WireFormatException("field 'last' is not a boolean");
                }
                yield new RelayCommand.Text(Json.text(root, "token"), last != null && last.booleanValue());
            }
            case "end" -> new RelayCommand.End(Json.optText(root, "handoffData"));
            default -> throw new WireFormatException("ConversationRelay does not accept type '" + type + "'");
        };
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new WireFormatException("field '" + field + "' is not a boolean");
    }

    /** Milliseconds given as a number or a numeric string, decimals rounded (sources disagree on the type). */
    private static long millis(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        try {
            BigDecimal ms = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.textValue().strip()) : null;
            if (ms == null || ms.signum() < 0) {
                throw new WireFormatException("field '" + field + "' is not a non-negative number");
            }
            return ms.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new WireFormatException("field '" + field + "' is not a number: " + v);
        }
    }

    /** An object's scalar fields as strings; a missing object is empty. */
    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return out;
    }
}
