package dev.callbridge.wire.audio;

/**
 * 8 kHz → 24 kHz, 16-bit PCM: zero-stuffing by 3 and the {@link LowpassDesign} filter, computed as three
 * polyphase branches (33, 32 and 32 taps). Keeps the last 32 input samples between calls, so consecutive 20 ms
 * frames join without a click. Delay: 48 output samples (2 ms). One instance per stream; not thread-safe.
 */
public final class Upsampler {
    public static final int FACTOR = 3;
    /**
     * Branch p, tap m: y[3i + p] += 3 · h[3m + p] · x[i − m], with x[i − m] = work[HISTORY − m + i]. The gain of 3
     * restores the level lost to the inserted zeros.
     */
    private static final Fir.Terms TERMS = Fir.Terms.polyphase(LowpassDesign.taps(), FACTOR, FACTOR);
    private static final int HISTORY = TERMS.reach();

    private final short[] history = new short[HISTORY];
    private short[] work = new short[0];
    private float[] sums = new float[0];
    private short[] branches = new short[0];

    /** Writes {@code 3 × count} samples to {@code out}; returns that number. */
    public int process(short[] in, int count, short[] out) {
        if (out.length < count * FACTOR) {
            throw new IllegalArgumentException("output holds " + out.length + " samples, need " + count * FACTOR);
        }
        int n = count * FACTOR;
        work = Fir.load(history, in, count, work);
        sums = Fir.atLeast(sums, n);
        branches = Fir.atLeast(branches, n);
        Fir.run(TERMS, work, 0, sums, count, count); // every branch reads the same input, writes its own block
        Fir.clip(sums, branches, n);
        for (int i = 0; i < count; i++) {
            out[FACTOR * i] = branches[i];
            out[FACTOR * i + 1] = branches[count + i];
            out[FACTOR * i + 2] = branches[2 * count + i];
        }
        System.arraycopy(work, count, history, 0, HISTORY);
        return n;
    }
}
