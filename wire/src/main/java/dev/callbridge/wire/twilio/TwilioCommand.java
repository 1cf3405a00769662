package dev.callbridge.wire.twilio;

import java.util.Objects;

/** A message the server sends on a bidirectional Media Stream: only these three are accepted (errors 31950/31951). */
public sealed interface TwilioCommand {

    String streamSid();

    /** Outbound audio: base64 of raw μ-law 8 kHz, no header. */
    record Media(String streamSid, String payload) implements TwilioCommand {
        public Media {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(payload);
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
