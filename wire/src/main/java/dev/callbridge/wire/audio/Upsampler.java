package dev.callbridge.wire.audio;

/**
 * 8 kHz → 24 kHz, 16-bit PCM: zero-stuffing by 3 and the {@link LowpassDesign} filter, computed as three
 * polyphase branches of 33 taps (padded to 36). Keeps the last 35 input samples between calls, so consecutive 20 ms frames join
 * without a click. Delay: 48 output samples (2 ms). One instance per stream; not thread-safe.
 */
public final class Upsampler {
    public static final int FACTOR = 3;
    /** 33 taps a phase, zero-padded to 36 so that the inner loop runs four independent sums. */
    private static final int PHASE_TAPS = ((LowpassDesign.TAPS + FACTOR - 1) / FACTOR + 3) / 4 * 4;
    private static final float[][] PHASES = phases();

    private final float[] history = new float[PHASE_TAPS - 1];
    private float[] work = new float[0];

    private static float[][] phases() {
        double[] h = LowpassDesign.taps();
        float[][] phases = new float[FACTOR][PHASE_TAPS];
        for (int n = 0; n < h.length; n++) {
            // Gain FACTOR restores the level lost to the inserted zeros.
            phases[n % FACTOR][n / FACTOR] = (float) (h[n] * FACTOR);
        }
        return phases;
    }

    /** Writes {@code 3 × count} samples to {@code out}; returns that number. */
    public int process(short[] in, int count, short[] out) {
        if (out.length < count * FACTOR) {
            throw new IllegalArgumentException("output holds " + out.length + " samples, need " + count * FACTOR);
        }
        int h = history.length;
        work = Fir.load(history, in, count, work);
        for (int i = 0; i < count; i++) {
            int newest = h + i; // y[3i + p] = Σ_k phase_p[k] · x[i − k]
            for (int p = 0; p < FACTOR; p++) {
                out[i * FACTOR + p] = Pcm.clip(Fir.dot(PHASES[p], work, newest));
            }
        }
        System.arraycopy(work, count, history, 0, h);
        return count * FACTOR;
    }
}
