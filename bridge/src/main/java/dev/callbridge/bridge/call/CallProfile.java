package dev.callbridge.bridge.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a voice call is to be, chosen when its stream starts: who answers (the persona the webhook chose, by name),
 * through which voice API (with that persona's instructions, voice, model and codec), for how long at most, and
 * whether it is recorded.
 */
public record CallProfile(String persona, VoiceApi voice, Duration maxLength, boolean recorded) {
    public CallProfile {
        Objects.requireNonNull(persona);
        Objects.requireNonNull(voice);
        if (!maxLength.isPositive()) {
            throw new IllegalArgumentException("a call's maximum length must be positive: " + maxLength);
        }
    }

    /** Finds a profile by persona name ({@code ""}: the default one); empty for a name it does not know. */
    @FunctionalInterface
    public interface Lookup {
        Optional<CallProfile> find(String persona);
    }

    /** The same profile for every call, whatever persona it names (tests, the warm-up). */
    public static Lookup only(CallProfile profile) {
        return persona -> Optional.of(profile);
    }
}
