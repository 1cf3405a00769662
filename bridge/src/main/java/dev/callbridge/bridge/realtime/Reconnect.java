package dev.callbridge.bridge.realtime;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a call keeps its OpenAI session: retries after a lost or refused connection, and rolls over to a fresh
 * session before the service's maximum session length ends the current one.
 *
 * @param attempts consecutive failed connects mid-call before the call gives up (then the caller hears the apology)
 * @param startAttempts the same at call start, kept short: the caller hears nothing until a session answers
 * @param initialBackoff wait before the second attempt; doubles per attempt up to {@code maxBackoff}
 * @param rolloverAfter age at which a session is replaced at the next quiet moment (the service ends it at 60 min)
 * @param replayLimit caller audio kept since the last committed utterance, replayed into a replacement session so
 *                    that words spoken around a drop are heard whole; beyond it the oldest is dropped and counted
 */
public record Reconnect(int attempts, int startAttempts, Duration initialBackoff, Duration maxBackoff,
                        Duration rolloverAfter, Duration replayLimit) {
    public static final Reconnect DEFAULTS = new Reconnect(6, 3, Duration.ofMillis(200), Duration.ofSeconds(4),
            Duration.ofMinutes(50), Duration.ofSeconds(15));

    public Reconnect {
        Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(rolloverAfter);
        Objects.requireNonNull(replayLimit);
        if (attempts < 1 || startAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || !rolloverAfter.isPositive() || replayLimit.isNegative()) {
            throw new IllegalArgumentException("reconnect: attempts ≥ 1, 0 ≤ initial backoff ≤ max backoff, "
                    + "rollover-after > 0, replay-limit ≥ 0: " + this);
        }
    }

    /**
     * Wait before attempt {@code failures + 1}: the capped exponential with equal jitter (half fixed, half random, so
     * calls cut by one outage do not all redial at once); 0 after no failure.
     */
    long backoffNanos(int failures, RandomGenerator random) {
        if (failures <= 0) {
            return 0;
        }
        long cap = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() << Math.min(failures - 1, 30));
        return cap <= 0 ? 0 : cap / 2 + random.nextLong(cap / 2 + 1);
    }
}
