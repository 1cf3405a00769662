package dev.callbridge.wire.audio;

import dev.callbridge.wire.realtime.AudioFormat;
import java.util.Base64;

/**
 * {@code pcm16}: transcodes between Twilio's μ-law 8 kHz and the Realtime API's {@code audio/pcm} (16-bit
 * little-endian, 24 kHz), with one resampler per direction whose filter state lives as long as the call. Inbound
 * runs on the Twilio reader, outbound on the OpenAI reader: each direction's buffers belong to one thread.
 */
public final class Pcm16Audio implements AudioStage {
    private final Upsampler up = new Upsampler();
    private final Downsampler down = new Downsampler();
    // Inbound scratch (Twilio reader thread).
    private short[] in8k = new short[160];
    private short[] in24k = new short[480];
    // Outbound scratch (OpenAI reader thread).
    private short[] out24k = new short[2400];
    private short[] out8k = new short[801];

    @Override
    public AudioFormat realtimeFormat() {
        return AudioFormat.PCM;
    }

    @Override
    public String toRealtime(String mulawBase64) {
        byte[] mulaw = Base64.getDecoder().decode(mulawBase64);
        if (in8k.length < mulaw.length) {
            in8k = new short[mulaw.length];
            in24k = new short[mulaw.length * Upsampler.FACTOR];
        }
        MuLaw.decode(mulaw, in8k);
        int n = up.process(in8k, mulaw.length, in24k);
        return Base64.getEncoder().encodeToString(Pcm.toLittleEndian(in24k, n));
    }

    @Override
    public String toTwilio(String realtimeBase64) {
        byte[] pcm = Base64.getDecoder().decode(realtimeBase64);
        int samples = pcm.length / 2;
        if (out24k.length < samples) {
            out24k = new short[samples];
            out8k = new short[Downsampler.maxOutput(samples)];
        }
        Pcm.fromLittleEndian(pcm, out24k);
        int n = down.process(out24k, samples, out8k);
        byte[] mulaw = new byte[n];
        MuLaw.encode(out8k, n, mulaw);
        return Base64.getEncoder().encodeToString(mulaw);
    }
}
