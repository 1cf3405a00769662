package dev.callbridge.mailer.summary;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One spoken turn as the caller experienced it.
 *
 * @param offset when the turn started, on the Twilio media timeline (milliseconds since the stream started)
 * @param at the wall-clock instant of that start
 * @param interrupted the caller talked over this assistant turn; {@code text} holds only what was heard
 */
public record Turn(Speaker speaker, String text, Duration offset, Instant at, boolean interrupted) {
    public Turn {
        Objects.requireNonNull(speaker);
        Objects.requireNonNull(text);
        Objects.requireNonNull(offset);
        Objects.requireNonNull(at);
    }

    public enum Speaker {
        CALLER, ASSISTANT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
