package dev.callbridge.wire.relay;

import java.util.Map;
import java.util.Objects;

/** A message Twilio's ConversationRelay sends over its WebSocket (twilio.com/docs/voice/conversationrelay). */
public sealed interface RelayMessage {

    /** The first message: who is calling, and the TwiML's {@code <Parameter>}s as {@code customParameters}. */
    record Setup(String sessionId, String accountSid, String callSid, String from, String to, String direction,
                 Map<String, String> customParameters) implements RelayMessage {
        public Setup {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(accountSid);
            Objects.requireNonNull(callSid);
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            Objects.requireNonNull(direction);
            customParameters = Map.copyOf(customParameters);
        }
    }

    /** What the caller said (transcribed by Twilio); {@code last} is false only for partial prompts. */
    record Prompt(String voicePrompt, String lang, boolean last) implements RelayMessage {
        public Prompt {
            Objects.requireNonNull(voicePrompt);
            Objects.requireNonNull(lang);
        }
    }

    /** The caller talked over the agent: {@code utteranceUntilInterrupt} is what they heard of it. */
    record Interrupt(String utteranceUntilInterrupt, long durationUntilInterruptMs) implements RelayMessage {
        public Interrupt {
            Objects.requireNonNull(utteranceUntilInterrupt);
        }
    }

    record Dtmf(String digit) implements RelayMessage {
        public Dtmf {
            Objects.requireNonNull(digit);
        }
    }

    /** Opt-in events ({@code tokensPlayed}, {@code agentSpeaking}, …): an open map of their fields. */
    record Info(Map<String, String> fields) implements RelayMessage {
        public Info {
            fields = Map.copyOf(fields);
        }
    }

    /** Twilio rejected something we sent (error 64107); the session goes on. */
    record Error(String description) implements RelayMessage {
        public Error {
            Objects.requireNonNull(description);
        }
    }

    /** A message type this codec does not know: counted and ignored, since Twilio adds types over time. */
    record Unrecognized(String type) implements RelayMessage {
        public Unrecognized {
            Objects.requireNonNull(type);
        }
    }
}
