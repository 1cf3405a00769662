package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.VoiceApi;
import dev.callbridge.bridge.call.VoiceEvents;
import dev.callbridge.bridge.call.VoiceSession;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.SessionConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * OpenAI Realtime as a call's voice API: each call gets a {@link RealtimeCall}, which dials sessions through
 * {@code dialer}, opens each with {@code session} (its audio formats the stage's) and keeps one across losses and
 * the service's session limit as {@code reconnect} says.
 *
 * @param audio makes one audio stage per call (and one per replay)
 * @param ticker monotonic nanoseconds: backoffs and session age
 */
public record RealtimeVoice(RealtimeDialer dialer, SessionConfig session, Supplier<AudioStage> audio,
                            Reconnect reconnect, LongSupplier ticker) implements VoiceApi {
    public RealtimeVoice {
        Objects.requireNonNull(dialer);
        Objects.requireNonNull(session);
        Objects.requireNonNull(audio);
        Objects.requireNonNull(reconnect);
        Objects.requireNonNull(ticker);
    }

    @Override
    public VoiceSession start(String callId, VoiceEvents events) {
        return new RealtimeCall(callId, this, new SplittableRandom(callId.hashCode()), events);
    }

    @Override
    public String describe() {
        return "realtime " + session.model();
    }

    /** The same API with another dialer (the warm-up's in-memory one). */
    RealtimeVoice withDialer(RealtimeDialer other) {
        return new RealtimeVoice(other, session, audio, reconnect, ticker);
    }
}
