package dev.callbridge.wire.audio;

import dev.callbridge.wire.realtime.AudioFormat;

/** {@code pcmu}: the Realtime session speaks G.711 μ-law too, so payloads pass through untouched. */
public final class PassthroughAudio implements AudioStage {
    @Override
    public AudioFormat realtimeFormat() {
        return AudioFormat.PCMU;
    }

    @Override
    public String toRealtime(String mulawBase64) {
        return mulawBase64;
    }

    @Override
    public String toTwilio(String realtimeBase64) {
        return realtimeBase64;
    }
}
