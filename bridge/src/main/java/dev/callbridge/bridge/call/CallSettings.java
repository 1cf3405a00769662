package dev.callbridge.bridge.call;

import dev.callbridge.bridge.twilio.CallTokens;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.SessionConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every call is configured with.
 *
 * @param session the {@code session.update} to send first (its formats are replaced by the audio stage's)
 * @param audio makes one audio stage per call
 * @param instanceId names this bridge process in the summary's origin
 * @param recordings where per-call recordings go, if recording is on
 * @param recordingMaxBytes bound on one recording
 * @param callTokens checks the per-call token in {@code start}; empty when signatures are not validated
 */
public record CallSettings(SessionConfig session, Supplier<AudioStage> audio, String instanceId,
                           Optional<Path> recordings, long recordingMaxBytes, Optional<CallTokens> callTokens) {
    public CallSettings {
        Objects.requireNonNull(callTokens);
        Objects.requireNonNull(session);
        Objects.requireNonNull(audio);
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(recordings);
    }
}
