package dev.callbridge.bridge.text;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Answers the caller's messages in a text call. Each kind is one Spring component implementing this interface
 * (component scanning registers it under {@link #name}); {@code callbridge.text.processor}, a text-mode number or
 * the call's {@code processor} parameter selects it.
 */
public interface TextProcessor {
    /** The name that selects this processor, e.g. {@code echo}. */
    String name();

    /** Starts answering one call; replies go to {@code replies}, from any thread, in order. */
    Conversation open(Call call, Replies replies);

    /** The call a conversation belongs to. */
    record Call(String callSid, String from, String to, Map<String, String> parameters) {
        public Call {
            Objects.requireNonNull(callSid);
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            parameters = Map.copyOf(parameters);
        }
    }

    /** One call's processing. Called by the call on the socket's thread, never while it holds its own lock. */
    interface Conversation {
        /** A complete caller message and when it arrived. */
        void prompt(String text, Instant receivedAt);

        /** The caller talked over the last reply and heard only {@code heard} of it; stop any reply in progress. */
        default void interrupted(String heard) {}

        /** The call ended: release what the conversation holds. Idempotent. */
        void close();
    }

    /** Where a conversation's answers go. */
    interface Replies {
        /** A piece of the reply; {@code last} ends the reply (the token may then be empty). */
        void token(String token, boolean last);

        /** The conversation cannot go on (e.g. its model connection broke): the call ends with this reason. */
        void failed(String reason);
    }
}
