package dev.callbridge.wire.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.audio.Base64Text;
import dev.callbridge.wire.json.Json;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * JSON ⇄ records for the Realtime API, GA protocol only. The bridge encodes {@link ClientEvent}s and decodes
 * {@link ServerEvent}s; a stand-in server decodes client events. Pure and thread-safe.
 */
public final class RealtimeCodec {

    /** GA server event types that the bridge reads past (the spec's {@code RealtimeServerEvent} union). */
    private static final Set<String> KNOWN_UNUSED = Set.of(
            "conversation.created", "conversation.item.done", "conversation.item.deleted",
            "conversation.item.retrieved", "conversation.item.input_audio_transcription.delta",
            "conversation.item.input_audio_transcription.segment", "input_audio_buffer.cleared",
            "input_audio_buffer.dtmf_event_received", "rate_limits.updated",
            "response.content_part.added", "response.content_part.done",
            "response.output_item.added", "response.output_item.done", "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "output_audio_buffer.started", "output_audio_buffer.stopped",
            "output_audio_buffer.cleared", "mcp_list_tools.in_progress", "mcp_list_tools.completed",
            "mcp_list_tools.failed", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress", "response.mcp_call.completed", "response.mcp_call.failed");

    private RealtimeCodec() {}

    public static String encode(ClientEvent event) {
        return switch (event) {
            // 50 a second per call, so written by hand; base64 needs no escaping.
            case ClientEvent.InputAudioAppend a -> "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + a.audio() + "\"}";
            case ClientEvent.SessionUpdate u -> {
                ObjectNode root = typed("session.update");
                writeSession(root.putObject("session"), u.session());
                yield Json.write(root);
            }
            case ClientEvent.InputAudioCommit c -> Json.write(typed("input_audio_buffer.commit"));
            case ClientEvent.InputAudioClear c -> Json.write(typed("input_audio_buffer.clear"));
            case ClientEvent.ItemTruncate t -> Json.write(typed("conversation.item.truncate").put("item_id", t.itemId())
                    .put("content_index", t.contentIndex()).put("audio_end_ms", t.audioEndMs()));
            case ClientEvent.ItemCreate c -> {
                ObjectNode root = typed("conversation.item.create");
                c.previousItemId().ifPresent(p -> root.put("previous_item_id", p));
                ObjectNode item = root.putObject("item");
                c.itemId().ifPresent(id -> item.put("id", id));
                item.put("type", "message").put("role", c.role());
                String partType = c.role().equals("assistant") ? "output_text" : "input_text";
                item.putArray("content").addObject().put("type", partType).put("text", c.text());
                yield Json.write(root);
            }
            case ClientEvent.ItemDelete d -> Json.write(typed("conversation.item.delete").put("item_id", d.itemId()));
            case ClientEvent.ResponseCreate r -> Json.write(typed("response.create"));
            case ClientEvent.ResponseCancel r -> Json.write(typed("response.cancel"));
            case ClientEvent.Unrecognized u -> u.json();
        };
    }

    private static ObjectNode typed(String type) {
        return Json.object().put("type", type);
    }

    private static void writeSession(ObjectNode s, SessionConfig c) {
        s.put("type", "realtime").put("model", c.model()).put("instructions", c.instructions());
        c.outputModalities().forEach(s.putArray("output_modalities")::add);
        ObjectNode audio = s.putObject("audio");
        ObjectNode input = audio.putObject("input");
        writeFormat(input.putObject("format"), c.inputFormat());
        // The schema has no null for transcription: leaving it out keeps it off.
        c.transcription().ifPresent(t -> {
            ObjectNode tr = input.putObject("transcription").put("model", t.model());
            if (!t.language().isEmpty()) {
                tr.put("language", t.language());
            }
        });
        // Nor for noise reduction (its description says null turns it off, its type is object): left out, it is off.
        c.options().noiseReduction().ifPresent(n -> input.putObject("noise_reduction").put("type", n.wire()));
        c.turnDetection().ifPresentOrElse(v -> writeTurnDetection(input.putObject("turn_detection"), v),
                () -> input.putNull("turn_detection"));
        ObjectNode output = audio.putObject("output");
        writeFormat(output.putObject("format"), c.outputFormat());
        output.put("voice", c.voice());
        SessionConfig.Options o = c.options();
        o.reasoningEffort().ifPresent(e -> s.putObject("reasoning").put("effort", e.wire()));
        o.maxOutputTokens().ifPresent(n -> s.put("max_output_tokens", n));
        o.truncation().ifPresent(t -> {
            switch (t) {
                case SessionConfig.Truncation.Auto a -> s.put("truncation", "auto");
                case SessionConfig.Truncation.Disabled d -> s.put("truncation", "disabled");
                case SessionConfig.Truncation.RetentionRatio r -> {
                    ObjectNode tr = s.putObject("truncation").put("type", "retention_ratio")
                            .put("retention_ratio", r.ratio());
                    r.postInstructionsTokens().ifPresent(n -> tr.putObject("token_limits").put("post_instructions", n));
                }
            }
        });
    }

    private static void writeTurnDetection(ObjectNode td, SessionConfig.TurnDetection v) {
        switch (v) {
            case SessionConfig.ServerVad s -> {
                td.put("type", "server_vad").put("threshold", s.threshold()).put("prefix_padding_ms", s.prefixPaddingMs())
                        .put("silence_duration_ms", s.silenceDurationMs());
                s.idleTimeoutMs().ifPresent(ms -> td.put("idle_timeout_ms", ms));
            }
            case SessionConfig.SemanticVad s -> td.put("type", "semantic_vad").put("eagerness", s.eagerness().wire());
        }
        td.put("create_response", v.createResponse()).put("interrupt_response", v.interruptResponse());
    }

    private static void writeFormat(ObjectNode f, AudioFormat format) {
        f.put("type", format.type());
        if (format == AudioFormat.PCM) {
            f.put("rate", format.sampleRateHz());
        }
    }

    /** Reads a server event. Malformed JSON throws; an unknown type is a value. */
    public static ServerEvent decodeServer(String text) {
        if (text.startsWith(AUDIO_DELTA_PREFIX)) {
            ServerEvent.AudioDelta delta = AudioDeltaScanner.scan(text, AUDIO_DELTA_PREFIX.length());
            if (delta != null) {
                return delta;
            }
        }
        return decodeTree(text);
    }

    /** How the service begins every audio delta; only these take the fast path. */
    private static final String AUDIO_DELTA_PREFIX = "{\"type\":\"response.output_audio.delta\"";

    /** Every server event through the tree model: the reference the fast path is tested against. */
    static ServerEvent decodeTree(String text) {
        ObjectNode e = Json.parseObject(text);
        String type = Json.text(e, "type");
        return switch (type) {
            case "session.created" -> new ServerEvent.SessionCreated(Json.optText(e.path("session"), "id"),
                    Json.optInteger(e.path("session"), "expires_at", 0));
            case "session.updated" -> new ServerEvent.SessionUpdated(Json.optText(e.path("session"), "id"));
            case "input_audio_buffer.speech_started" -> new ServerEvent.SpeechStarted(Json.optText(e, "item_id"),
                    Json.integer(e, "audio_start_ms"));
            case "input_audio_buffer.speech_stopped" -> new ServerEvent.SpeechStopped(Json.optText(e, "item_id"),
                    Json.integer(e, "audio_end_ms"));
            case "input_audio_buffer.timeout_triggered" -> new ServerEvent.IdleTimeoutTriggered(Json.text(e, "item_id"),
                    Json.integer(e, "audio_start_ms"), Json.integer(e, "audio_end_ms"));
            case "input_audio_buffer.committed" -> new ServerEvent.AudioCommitted(Json.text(e, "item_id"),
                    optId(e, "previous_item_id"));
            case "conversation.item.added", "conversation.item.created" -> {
                JsonNode item = Json.object(e, "item");
                yield new ServerEvent.ItemAdded(type, Json.optText(item, "id"), optId(e, "previous_item_id"),
                        Json.optText(item, "role"));
            }
            case "conversation.item.input_audio_transcription.completed" ->
                    new ServerEvent.InputTranscriptionCompleted(Json.text(e, "item_id"),
                            (int) Json.optInteger(e, "content_index", 0), Json.text(e, "transcript"));
            case "conversation.item.input_audio_transcription.failed" ->
                    new ServerEvent.InputTranscriptionFailed(Json.text(e, "item_id"),
                            Json.optText(e.path("error"), "message"));
            case "response.created" -> new ServerEvent.ResponseCreated(Json.optText(e.path("response"), "id"));
            case "response.output_audio.delta" -> new ServerEvent.AudioDelta(Json.text(e, "response_id"),
                    Json.text(e, "item_id"), (int) Json.optInteger(e, "content_index", 0),
                    Base64Text.require("audio delta", Json.text(e, "delta")));
            case "response.output_audio.done" -> new ServerEvent.AudioDone(Json.text(e, "response_id"),
                    Json.text(e, "item_id"));
            case "response.output_audio_transcript.delta" -> new ServerEvent.AudioTranscriptDelta(
                    Json.text(e, "response_id"), Json.text(e, "item_id"), Json.text(e, "delta"));
            case "response.output_audio_transcript.done" -> new ServerEvent.AudioTranscriptDone(
                    Json.text(e, "response_id"), Json.text(e, "item_id"), Json.text(e, "transcript"));
            case "response.output_text.delta" -> new ServerEvent.TextDelta(Json.text(e, "response_id"),
                    Json.text(e, "item_id"), Json.text(e, "delta"));
            case "response.output_text.done" -> new ServerEvent.TextDone(Json.text(e, "response_id"),
                    Json.text(e, "item_id"), Json.text(e, "text"));
            case "response.done" -> {
                JsonNode r = Json.object(e, "response");
                JsonNode usage = r.path("usage");
                yield new ServerEvent.ResponseDone(Json.optText(r, "id"), Json.optText(r, "status"),
                        Json.optText(r.path("status_details"), "reason"), usage.path("input_tokens").asLong(),
                        usage.path("output_tokens").asLong());
            }
            case "conversation.item.truncated" -> new ServerEvent.ItemTruncated(Json.text(e, "item_id"),
                    (int) Json.optInteger(e, "content_index", 0), Json.integer(e, "audio_end_ms"));
            case "error" -> {
                JsonNode err = Json.object(e, "error");
                yield new ServerEvent.Error(Json.optText(err, "type"), Json.optText(err, "code"),
                        Json.optText(err, "message"), Json.optText(err, "event_id"));
            }
            default -> KNOWN_UNUSED.contains(type) ? new ServerEvent.Ignored(type)
                    : new ServerEvent.Unrecognized(type, text);
        };
    }

    /** Reads a client event, as a stand-in server does. Unknown types are a value. */
    public static ClientEvent decodeClient(String text) {
        ObjectNode e = Json.parseObject(text);
        String type = Json.text(e, "type");
        return switch (type) {
            case "session.update" -> new ClientEvent.SessionUpdate(readSession(Json.object(e, "session")));
            case "input_audio_buffer.append" ->
                    new ClientEvent.InputAudioAppend(Base64Text.require("append audio", Json.text(e, "audio")));
            case "input_audio_buffer.commit" -> new ClientEvent.InputAudioCommit();
            case "input_audio_buffer.clear" -> new ClientEvent.InputAudioClear();
            case "conversation.item.truncate" -> new ClientEvent.ItemTruncate(Json.text(e, "item_id"),
                    (int) Json.integer(e, "content_index"), Json.integer(e, "audio_end_ms"));
            case "conversation.item.create" -> {
                JsonNode item = Json.object(e, "item");
                yield new ClientEvent.ItemCreate(optId(e, "previous_item_id"), Json.optText(item, "role"),
                        Json.optText(item.path("content").path(0), "text"), optId(item, "id"));
            }
            case "conversation.item.delete" -> new ClientEvent.ItemDelete(Json.text(e, "item_id"));
            case "response.create" -> new ClientEvent.ResponseCreate();
            case "response.cancel" -> new ClientEvent.ResponseCancel();
            default -> new ClientEvent.Unrecognized(type, text);
        };
    }

    private static SessionConfig readSession(JsonNode s) {
        JsonNode input = s.path("audio").path("input");
        JsonNode output = s.path("audio").path("output");
        JsonNode tr = input.path("transcription");
        var modalities = new java.util.ArrayList<String>();
        s.path("output_modalities").forEach(m -> modalities.add(m.asText()));
        if (modalities.isEmpty()) {
            modalities.add("audio");
        }
        try {
            var options = new SessionConfig.Options(
                    input.path("noise_reduction").isObject()
                            ? Optional.of(SessionConfig.NoiseReduction.of(Json.text(input.path("noise_reduction"), "type")))
                            : Optional.empty(),
                    s.path("reasoning").path("effort").isTextual()
                            ? Optional.of(SessionConfig.ReasoningEffort.of(s.path("reasoning").path("effort").asText()))
                            : Optional.empty(),
                    s.path("max_output_tokens").isIntegralNumber()
                            ? OptionalInt.of(s.path("max_output_tokens").asInt()) : OptionalInt.empty(),
                    readTruncation(s.path("truncation")));
            return new SessionConfig(Json.optText(s, "model"), Json.optText(s, "instructions"),
                    output.path("voice").asText("marin"), readFormat(input.path("format")),
                    readFormat(output.path("format")), modalities,
                    tr.isObject() ? Optional.of(new SessionConfig.Transcription(Json.optText(tr, "model"),
                            Json.optText(tr, "language"))) : Optional.empty(),
                    readTurnDetection(input.path("turn_detection")), options);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("session: " + e.getMessage(), e);
        }
    }

    private static Optional<SessionConfig.TurnDetection> readTurnDetection(JsonNode vad) {
        if (!vad.isObject()) {
            return Optional.empty();
        }
        boolean create = vad.path("create_response").asBoolean(true);
        boolean interrupt = vad.path("interrupt_response").asBoolean(true);
        if (vad.path("type").asText("server_vad").equals("semantic_vad")) {
            return Optional.of(new SessionConfig.SemanticVad(SessionConfig.Eagerness.of(vad.path("eagerness").asText("auto")),
                    create, interrupt));
        }
        JsonNode idle = vad.path("idle_timeout_ms");
        return Optional.of(new SessionConfig.ServerVad(vad.path("threshold").asDouble(0.5),
                vad.path("prefix_padding_ms").asInt(300), vad.path("silence_duration_ms").asInt(500),
                idle.isIntegralNumber() ? OptionalInt.of(idle.asInt()) : OptionalInt.empty(), create, interrupt));
    }

    private static Optional<SessionConfig.Truncation> readTruncation(JsonNode t) {
        if (t.isTextual()) {
            return Optional.of(t.asText().equals("disabled") ? new SessionConfig.Truncation.Disabled()
                    : new SessionConfig.Truncation.Auto());
        }
        if (!t.isObject()) {
            return Optional.empty();
        }
        JsonNode limit = t.path("token_limits").path("post_instructions");
        return Optional.of(new SessionConfig.Truncation.RetentionRatio(t.path("retention_ratio").asDouble(),
                limit.isIntegralNumber() ? OptionalInt.of(limit.asInt()) : OptionalInt.empty()));
    }

    private static AudioFormat readFormat(JsonNode f) {
        if (!f.isObject()) {
            return AudioFormat.PCM;
        }
        try {
            return AudioFormat.ofType(Json.text(f, "type"));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(e.getMessage(), e);
        }
    }

    private static Optional<String> optId(JsonNode e, String field) {
        String v = Json.optText(e, field);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
