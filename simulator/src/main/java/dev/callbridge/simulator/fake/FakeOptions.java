package dev.callbridge.simulator.fake;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Realtime stand-in behaves.
 *
 * @param speedup how much faster than real time reply audio is streamed (the real service streams faster too)
 * @param deltaMs audio per {@code response.output_audio.delta}
 * @param lateTranscriptionRatio share of caller transcriptions sent after the reply's {@code response.done}
 *                               (the real service transcribes asynchronously), to exercise transcript ordering
 * @param validate check every event sent against the official schema and count violations
 * @param seed seeds the per-session random choices
 * @param faults what goes wrong, on purpose
 */
public record FakeOptions(double speedup, int deltaMs, double lateTranscriptionRatio, boolean validate, long seed,
                          Faults faults) {
    public static final FakeOptions DEFAULTS = new FakeOptions(4.0, 100, 0.3, false, 42);

    /**
     * @param maxSession a session is ended as the real service ends one at 60 minutes: an {@code error} with code
     *                   {@code session_expired}, then a close with 1001; zero: never
     * @param dropsPerHour sockets dropped without a close frame, at random (a Poisson rate per session-hour)
     * @param rejectRatio share of connects refused with HTTP 503
     */
    public record Faults(Duration maxSession, double dropsPerHour, double rejectRatio) {
        public static final Faults NONE = new Faults(Duration.ZERO, 0, 0);

        public Faults {
            Objects.requireNonNull(maxSession);
            if (maxSession.isNegative() || dropsPerHour < 0 || rejectRatio < 0 || rejectRatio >= 1) {
                throw new IllegalArgumentException("max session ≥ 0, drops per hour ≥ 0, reject ratio within [0, 1)");
            }
        }

        public boolean any() {
            return !maxSession.isZero() || dropsPerHour > 0 || rejectRatio > 0;
        }
    }

    public FakeOptions(double speedup, int deltaMs, double lateTranscriptionRatio, boolean validate, long seed) {
        this(speedup, deltaMs, lateTranscriptionRatio, validate, seed, Faults.NONE);
    }

    public FakeOptions {
        Objects.requireNonNull(faults);
        if (speedup <= 0 || deltaMs < 20 || deltaMs % 20 != 0 || lateTranscriptionRatio < 0 || lateTranscriptionRatio > 1) {
            throw new IllegalArgumentException("speedup > 0, deltaMs a multiple of 20, ratio within 0..1");
        }
    }

    public FakeOptions withFaults(Faults faults) {
        return new FakeOptions(speedup, deltaMs, lateTranscriptionRatio, validate, seed, faults);
    }
}
