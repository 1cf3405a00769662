package dev.callbridge.wire.twilio;

import dev.callbridge.wire.audio.Base64Text;
import java.util.Objects;

/** A message the server sends on a bidirectional Media Stream: only these three are accepted (errors 31950/31951). */
public sealed interface TwilioCommand {

    String streamSid();

    /**
     * Outbound audio: base64 of raw μ-law 8 kHz, no header. Every producer gives base64 by construction (the
     * model's delta, checked where it is read, or an encoder's output), so the codec writes it without scanning it
     * again; the check here runs with assertions on (the tests).
     */
    record Media(String streamSid, String payload) implements TwilioCommand {
        public Media {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(payload);
            assert Base64Text.problem(payload) == null : "media payload is not base64: " + Base64Text.problem(payload);
        }
    }

    /** Asks Twilio to echo {@code name} once the audio queued before it has played. */
    record Mark(String streamSid, String name) implements TwilioCommand {
        public Mark {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(name);
        }
    }

    /** Empties Twilio's playback buffer; pending marks come back at once. */
    record Clear(String streamSid) implements TwilioCommand {
        public Clear {
            Objects.requireNonNull(streamSid);
        }
    }
}
