package dev.callbridge.simulator.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.json.Json;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.SessionConfig;

/**
 * Builds the Realtime GA server events the stand-in sends, in the shapes of the official schema (written here,
 * independently of the bridge's decoder, so that the end-to-end tests cross-check both). One instance per session:
 * it numbers the event ids.
 */
final class ServerEvents {
    private long eventSeq;
    /** The session's output: responses carry {@code output_audio} with a transcript, or {@code output_text}. */
    private boolean textOutput;

    void textOutput(boolean text) {
        this.textOutput = text;
    }

    private ObjectNode event(String type) {
        return Json.object().put("type", type).put("event_id", "event_" + Long.toString(++eventSeq, 36));
    }

    ObjectNode sessionCreated(String sessionId, long expiresAt, SessionConfig config) {
        return sessionEvent("session.created", sessionId, expiresAt, config);
    }

    ObjectNode sessionUpdated(String sessionId, long expiresAt, SessionConfig config) {
        return sessionEvent("session.updated", sessionId, expiresAt, config);
    }

    private ObjectNode sessionEvent(String type, String sessionId, long expiresAt, SessionConfig c) {
        ObjectNode e = event(type);
        ObjectNode s = e.putObject("session").put("type", "realtime").put("object", "realtime.session")
                .put("id", sessionId).put("model", c.model()).put("expires_at", expiresAt)
                .put("instructions", c.instructions());
        c.outputModalities().forEach(s.putArray("output_modalities")::add);
        ObjectNode input = s.putObject("audio").putObject("input");
        format(input.putObject("format"), c.inputFormat());
        c.transcription().ifPresent(t -> input.putObject("transcription").put("model", t.model()));
        // Off is left out: the schema types noise_reduction as an object, without null.
        c.options().noiseReduction().ifPresent(
                n -> input.putObject("noise_reduction").put("type", n.wire()));
        c.turnDetection().ifPresentOrElse(v -> turnDetection(input.putObject("turn_detection"), v),
                () -> input.putNull("turn_detection"));
        ObjectNode output = ((ObjectNode) s.get("audio")).putObject("output");
        format(output.putObject("format"), c.outputFormat());
        output.put("voice", c.voice());
        s.putArray("tools");
        s.put("tool_choice", "auto");
        c.options().maxOutputTokens().ifPresentOrElse(n -> s.put("max_output_tokens", n),
                () -> s.put("max_output_tokens", "inf"));
        c.options().reasoningEffort().ifPresent(r -> s.putObject("reasoning")
                .put("effort", r.wire()));
        switch (c.options().truncation().orElse(new SessionConfig.Truncation.Auto())) {
            case SessionConfig.Truncation.Auto a -> s.put("truncation", "auto");
            case SessionConfig.Truncation.Disabled d -> s.put("truncation", "disabled");
            case SessionConfig.Truncation.RetentionRatio r -> {
                ObjectNode t = s.putObject("truncation").put("type", "retention_ratio").put("retention_ratio", r.ratio());
                r.postInstructionsTokens().ifPresent(n -> t.putObject("token_limits").put("post_instructions", n));
            }
        }
        return e;
    }

    private static void format(ObjectNode f, AudioFormat format) {
        f.put("type", format.type());
        if (format == AudioFormat.PCM) {
            f.put("rate", format.sampleRateHz());
        }
    }

    private static void turnDetection(ObjectNode td, SessionConfig.TurnDetection v) {
        switch (v) {
            case SessionConfig.ServerVad s -> {
                td.put("type", "server_vad").put("threshold", s.threshold()).put("prefix_padding_ms", s.prefixPaddingMs())
                        .put("silence_duration_ms", s.silenceDurationMs());
                s.idleTimeoutMs().ifPresentOrElse(ms -> td.put("idle_timeout_ms", ms), () -> td.putNull("idle_timeout_ms"));
            }
            case SessionConfig.SemanticVad s -> td.put("type", "semantic_vad")
                    .put("eagerness", s.eagerness().wire());
        }
        td.put("create_response", v.createResponse()).put("interrupt_response", v.interruptResponse());
    }

    ObjectNode timeoutTriggered(String itemId, long audioStartMs, long audioEndMs) {
        return event("input_audio_buffer.timeout_triggered").put("audio_start_ms", audioStartMs)
                .put("audio_end_ms", audioEndMs).put("item_id", itemId);
    }

    ObjectNode speechStarted(String itemId, long audioStartMs) {
        return event("input_audio_buffer.speech_started").put("audio_start_ms", audioStartMs).put("item_id", itemId);
    }

    ObjectNode speechStopped(String itemId, long audioEndMs) {
        return event("input_audio_buffer.speech_stopped").put("audio_end_ms", audioEndMs).put("item_id", itemId);
    }

    ObjectNode committed(String itemId, String previousItemId) {
        ObjectNode e = event("input_audio_buffer.committed");
        putPrevious(e, previousItemId);
        return e.put("item_id", itemId);
    }

    ObjectNode userItemAdded(String itemId, String previousItemId) {
        ObjectNode e = event("conversation.item.added");
        putPrevious(e, previousItemId);
        ObjectNode item = e.putObject("item").put("id", itemId).put("type", "message").put("status", "completed")
                .put("role", "user");
        // The transcript arrives later, in ...input_audio_transcription.completed; the schema has no null for it.
        item.putArray("content").addObject().put("type", "input_audio");
        return e;
    }

    ObjectNode transcriptionCompleted(String itemId, String transcript) {
        ObjectNode e = event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
                .put("content_index", 0).put("transcript", transcript);
        int tokens = Math.max(1, transcript.length() / 4);
        e.putObject("usage").put("type", "tokens").put("total_tokens", tokens * 2).put("input_tokens", tokens)
                .put("output_tokens", tokens).putObject("input_token_details").put("text_tokens", 0)
                .put("audio_tokens", tokens);
        return e;
    }

    ObjectNode responseCreated(String responseId, String conversationId) {
        ObjectNode e = event("response.created");
        response(e.putObject("response"), responseId, conversationId, "in_progress", null);
        return e;
    }

    ObjectNode outputItemAdded(String responseId, String itemId) {
        ObjectNode e = event("response.output_item.added").put("response_id", responseId).put("output_index", 0);
        assistantItem(e.putObject("item"), itemId, "in_progress", null);
        return e;
    }

    ObjectNode assistantItemAdded(String itemId, String previousItemId) {
        ObjectNode e = event("conversation.item.added");
        putPrevious(e, previousItemId);
        assistantItem(e.putObject("item"), itemId, "in_progress", null);
        return e;
    }

    ObjectNode contentPart(String type, String responseId, String itemId, String transcript) {
        ObjectNode e = event(type).put("response_id", responseId).put("item_id", itemId).put("output_index", 0)
                .put("content_index", 0);
        if (textOutput) {
            e.putObject("part").put("type", "text").put("text", transcript);
        } else {
            e.putObject("part").put("type", "audio").put("transcript", transcript);
        }
        return e;
    }

    ObjectNode audioDelta(String responseId, String itemId, String base64) {
        return partEvent("response.output_audio.delta", responseId, itemId).put("delta", base64);
    }

    ObjectNode audioDone(String responseId, String itemId) {
        return partEvent("response.output_audio.done", responseId, itemId);
    }

    ObjectNode transcriptDelta(String responseId, String itemId, String delta) {
        return partEvent("response.output_audio_transcript.delta", responseId, itemId).put("delta", delta);
    }

    ObjectNode transcriptDone(String responseId, String itemId, String transcript) {
        return partEvent("response.output_audio_transcript.done", responseId, itemId).put("transcript", transcript);
    }

    ObjectNode textDelta(String responseId, String itemId, String delta) {
        return partEvent("response.output_text.delta", responseId, itemId).put("delta", delta);
    }

    ObjectNode textDone(String responseId, String itemId, String text) {
        return partEvent("response.output_text.done", responseId, itemId).put("text", text);
    }

    /** A text message the client created ({@code conversation.item.create}), as the server echoes it. */
    ObjectNode textItemAdded(String itemId, String previousItemId, String role, String text) {
        ObjectNode e = event("conversation.item.added");
        putPrevious(e, previousItemId);
        ObjectNode item = e.putObject("item").put("id", itemId).put("type", "message").put("status", "completed")
                .put("role", role);
        item.putArray("content").addObject().put("type", role.equals("assistant") ? "output_text" : "input_text")
                .put("text", text);
        return e;
    }

    ObjectNode itemDeleted(String itemId) {
        return event("conversation.item.deleted").put("item_id", itemId);
    }

    private ObjectNode partEvent(String type, String responseId, String itemId) {
        return event(type).put("response_id", responseId).put("item_id", itemId).put("output_index", 0)
                .put("content_index", 0);
    }

    ObjectNode outputItemDone(String responseId, String itemId, String transcript, String status) {
        ObjectNode e = event("response.output_item.done").put("response_id", responseId).put("output_index", 0);
        assistantItem(e.putObject("item"), itemId, status, transcript);
        return e;
    }

    ObjectNode itemDone(String itemId, String previousItemId, String transcript, String status) {
        ObjectNode e = event("conversation.item.done");
        putPrevious(e, previousItemId);
        assistantItem(e.putObject("item"), itemId, status, transcript);
        return e;
    }

    ObjectNode responseDone(String responseId, String conversationId, String status, String reason, String itemId,
                            String transcript, String itemStatus, int outputAudioTokens) {
        ObjectNode e = event("response.done");
        ObjectNode r = e.putObject("response");
        response(r, responseId, conversationId, status, reason);
        assistantItem(((ArrayNode) r.get("output")).addObject(), itemId, itemStatus, transcript);
        int textTokens = Math.max(1, transcript.length() / 4);
        ObjectNode usage = r.putObject("usage").put("total_tokens", 120 + textTokens + outputAudioTokens)
                .put("input_tokens", 120).put("output_tokens", textTokens + outputAudioTokens);
        usage.putObject("input_token_details").put("text_tokens", 100).put("audio_tokens", 20).put("image_tokens", 0)
                .put("cached_tokens", 0);
        usage.putObject("output_token_details").put("text_tokens", textTokens).put("audio_tokens", outputAudioTokens);
        return e;
    }

    private void response(ObjectNode r, String responseId, String conversationId, String status, String reason) {
        r.put("object", "realtime.response").put("id", responseId).put("status", status);
        if (reason != null) { // the schema has no null status_details: absent while nothing needs saying
            r.putObject("status_details").put("type", status).put("reason", reason);
        }
        r.putArray("output");
        r.put("conversation_id", conversationId);
        r.putArray("output_modalities").add(textOutput ? "text" : "audio");
    }

    private void assistantItem(ObjectNode item, String itemId, String status, String transcript) {
        item.put("id", itemId).put("type", "message").put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (transcript != null && textOutput) {
            content.addObject().put("type", "output_text").put("text", transcript);
        } else if (transcript != null) {
            content.addObject().put("type", "output_audio").put("transcript", transcript);
        }
    }

    ObjectNode truncated(String itemId, long audioEndMs) {
        return event("conversation.item.truncated").put("item_id", itemId).put("content_index", 0)
                .put("audio_end_ms", audioEndMs);
    }

    ObjectNode error(String type, String code, String message, String param) {
        ObjectNode e = event("error");
        ObjectNode err = e.putObject("error").put("type", type).put("code", code).put("message", message);
        if (param != null) {
            err.put("param", param);
        }
        return e;
    }

    private static void putPrevious(ObjectNode e, String previousItemId) {
        if (previousItemId == null) {
            e.putNull("previous_item_id");
        } else {
            e.put("previous_item_id", previousItemId);
        }
    }
}
