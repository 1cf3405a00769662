package dev.callbridge.wire.realtime;

import dev.callbridge.wire.audio.Base64Text;
import java.util.Objects;
import java.util.Optional;

/** An event the client sends to the Realtime API (GA names; {@code RealtimeClientEvent*} in the spec). */
public sealed interface ClientEvent {

    record SessionUpdate(SessionConfig session) implements ClientEvent {
        public SessionUpdate {
            Objects.requireNonNull(session);
        }
    }

    /**
     * {@code input_audio_buffer.append}: audio in the session's input format, as standard base64. Every producer
     * gives base64 by construction (Twilio's payload, checked where it is read, or an encoder's output), so the
     * codec writes it without scanning its ~200–1,300 characters again, 50 times a second per call; the check
     * here runs with assertions on (the tests).
     */
    record InputAudioAppend(String audio) implements ClientEvent {
        public InputAudioAppend {
            Objects.requireNonNull(audio);
            assert Base64Text.problem(audio) == null : "append audio is not base64: " + Base64Text.problem(audio);
        }
    }

    record InputAudioCommit() implements ClientEvent {}

    record InputAudioClear() implements ClientEvent {}

    /** {@code conversation.item.truncate}: the caller heard {@code audioEndMs} of the item's audio, no more. */
    record ItemTruncate(String itemId, int contentIndex, long audioEndMs) implements ClientEvent {
        public ItemTruncate {
            Objects.requireNonNull(itemId);
            if (audioEndMs < 0) {
                throw new IllegalArgumentException("audio_end_ms must not be negative: " + audioEndMs);
            }
        }
    }

    /**
     * {@code conversation.item.create} of a text message. {@code role} is user, assistant or system; assistant
     * text is written as {@code output_text}, the others as {@code input_text}. {@code itemId}: the id the client
     * gives it (so that its {@code conversation.item.added} can be told apart), or empty for one the service assigns.
     */
    record ItemCreate(Optional<String> previousItemId, String role, String text, Optional<String> itemId)
            implements ClientEvent {
        public ItemCreate {
            Objects.requireNonNull(previousItemId);
            Objects.requireNonNull(role);
            Objects.requireNonNull(text);
            Objects.requireNonNull(itemId);
        }

        /** An item whose id the service assigns. */
        public ItemCreate(Optional<String> previousItemId, String role, String text) {
            this(previousItemId, role, text, Optional.empty());
        }
    }

    /** {@code conversation.item.delete}: removes an item from the conversation the model sees. */
    record ItemDelete(String itemId) implements ClientEvent {
        public ItemDelete {
            Objects.requireNonNull(itemId);
        }
    }

    record ResponseCreate() implements ClientEvent {}

    record ResponseCancel() implements ClientEvent {}

    /** A client event type this codec does not model (seen only by the fake server). */
    record Unrecognized(String type, String json) implements ClientEvent {
        public Unrecognized {
            Objects.requireNonNull(type);
            Objects.requireNonNull(json);
        }
    }
}
