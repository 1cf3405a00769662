package dev.callbridge.bridge.call;

import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.SessionConfig;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every call is configured with.
 *
 * @param session the {@code session.update} to send first (its formats are replaced by the audio stage's)
 * @param audio makes one audio stage per call
 * @param instanceId names this bridge process in the summary's origin
 */
public record CallSettings(SessionConfig session, Supplier<AudioStage> audio, String instanceId) {
    public CallSettings {
        Objects.requireNonNull(session);
        Objects.requireNonNull(audio);
        Objects.requireNonNull(instanceId);
    }
}
