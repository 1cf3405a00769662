package dev.callbridge.wire.audio;

/**
 * 24 kHz → 8 kHz, 16-bit PCM: the {@link LowpassDesign} filter evaluated only at every third sample. Input need not
 * come in multiples of 3: the phase and the last 99 input samples carry over between calls. Delay: 48 input
 * samples (2 ms). One instance per stream; not thread-safe.
 */
public final class Downsampler {
    public static final int FACTOR = 3;
    private static final float[] TAPS = taps();

    private final float[] history = new float[TAPS.length - 1];
    private float[] work = new float[0];
    /** Input samples to skip before the next output (0..2). */
    private int phase;

    /** The 97 taps, zero-padded to 100 for {@link Fir#dot}. */
    private static float[] taps() {
        double[] h = LowpassDesign.taps();
        float[] f = new float[(h.length + 3) / 4 * 4];
        for (int i = 0; i < h.length; i++) {
            f[i] = (float) h[i];
        }
        return f;
    }

    /** The most samples one call can write for {@code count} input samples. */
    public static int maxOutput(int count) {
        return count / FACTOR + 1;
    }

    /** Writes the output samples {@code in[0..count)} completes; returns how many. */
    public int process(short[] in, int count, short[] out) {
        int h = history.length;
        work = Fir.load(history, in, count, work);
        int written = 0;
        int i = phase;
        for (; i < count; i += FACTOR) {
            int newest = h + i;
            out[written++] = Pcm.clip(Fir.dot(TAPS, work, newest));
        }
        phase = i - count;
        System.arraycopy(work, count, history, 0, h);
        return written;
    }
}
