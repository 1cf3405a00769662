package dev.callbridge.wire.realtime;

import java.util.Objects;
import java.util.Optional;

/**
 * An event the Realtime API sends (GA names; {@code RealtimeServerEvent*} in the spec), reduced to the fields the
 * bridge acts on. Types the bridge knows but does not act on are {@link Ignored}; types it has never heard of are
 * {@link Unrecognized}, to be counted and logged, never fatal.
 */
public sealed interface ServerEvent {

    String type();

    record SessionCreated(String sessionId, long expiresAtEpochSecond) implements ServerEvent {
        public String type() {
            return "session.created";
        }
    }

    record SessionUpdated(String sessionId) implements ServerEvent {
        public String type() {
            return "session.updated";
        }
    }

    /** VAD heard the caller start; {@code audioStartMs} counts from the start of the input audio buffer. */
    record SpeechStarted(String itemId, long audioStartMs) implements ServerEvent {
        public String type() {
            return "input_audio_buffer.speech_started";
        }
    }

    record SpeechStopped(String itemId, long audioEndMs) implements ServerEvent {
        public String type() {
            return "input_audio_buffer.speech_stopped";
        }
    }

    /**
     * The session's idle timeout ran out: no speech for that long after the last reply played. The silent audio
     * becomes user item {@code itemId} (committed next) and the model answers it, prompting the caller.
     */
    record IdleTimeoutTriggered(String itemId, long audioStartMs, long audioEndMs) implements ServerEvent {
        public String type() {
            return "input_audio_buffer.timeout_triggered";
        }
    }

    /** The caller's audio became user item {@code itemId}, placed after {@code previousItemId}. */
    record AudioCommitted(String itemId, Optional<String> previousItemId) implements ServerEvent {
        public AudioCommitted {
            Objects.requireNonNull(itemId);
            Objects.requireNonNull(previousItemId);
        }

        public String type() {
            return "input_audio_buffer.committed";
        }
    }

    /** {@code conversation.item.added} (GA) or {@code conversation.item.created}: the item's place in the order. */
    record ItemAdded(String type, String itemId, Optional<String> previousItemId, String role) implements ServerEvent {
        public ItemAdded {
            Objects.requireNonNull(itemId);
            Objects.requireNonNull(previousItemId);
            Objects.requireNonNull(role);
        }
    }

    record InputTranscriptionCompleted(String itemId, int contentIndex, String transcript) implements ServerEvent {
        public String type() {
            return "conversation.item.input_audio_transcription.completed";
        }
    }

    record InputTranscriptionFailed(String itemId, String message) implements ServerEvent {
        public String type() {
            return "conversation.item.input_audio_transcription.failed";
        }
    }

    record ResponseCreated(String responseId) implements ServerEvent {
        public String type() {
            return "response.created";
        }
    }

    /** {@code response.output_audio.delta}: base64 audio in the session's output format. */
    record AudioDelta(String responseId, String itemId, int contentIndex, String delta) implements ServerEvent {
        public String type() {
            return "response.output_audio.delta";
        }
    }

    record AudioDone(String responseId, String itemId) implements ServerEvent {
        public String type() {
            return "response.output_audio.done";
        }
    }

    /** Words of the reply's transcript as its audio is generated; what a reply cut short by a fault had said. */
    record AudioTranscriptDelta(String responseId, String itemId, String delta) implements ServerEvent {
        public String type() {
            return "response.output_audio_transcript.delta";
        }
    }

    record AudioTranscriptDone(String responseId, String itemId, String transcript) implements ServerEvent {
        public String type() {
            return "response.output_audio_transcript.done";
        }
    }

    record TextDelta(String responseId, String itemId, String delta) implements ServerEvent {
        public String type() {
            return "response.output_text.delta";
        }
    }

    record TextDone(String responseId, String itemId, String text) implements ServerEvent {
        public String type() {
            return "response.output_text.done";
        }
    }

    /**
     * @param status completed, cancelled, failed or incomplete
     * @param reason {@code status_details.reason}, empty when absent
     */
    record ResponseDone(String responseId, String status, String reason, long inputTokens, long outputTokens)
            implements ServerEvent {
        public String type() {
            return "response.done";
        }
    }

    record ItemTruncated(String itemId, int contentIndex, long audioEndMs) implements ServerEvent {
        public String type() {
            return "conversation.item.truncated";
        }
    }

    /** {@code error}: most are recoverable; {@code code} is e.g. {@code session_expired}. */
    record Error(String errorType, String code, String message, String eventId) implements ServerEvent {
        public String type() {
            return "error";
        }
    }

    /** A GA event type the bridge has no use for. */
    record Ignored(String type) implements ServerEvent {}

    /** An event type this codec has never heard of (the API adds them). */
    record Unrecognized(String type, String json) implements ServerEvent {}
}
