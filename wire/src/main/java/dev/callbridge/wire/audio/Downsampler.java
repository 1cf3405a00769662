package dev.callbridge.wire.audio;

/**
 * 24 kHz → 8 kHz, 16-bit PCM: the {@link LowpassDesign} filter evaluated only at every third sample, as three
 * polyphase branches over the input split by position modulo 3. Input need not come in multiples of 3: the phase
 * and the last 96 input samples carry over between calls. Delay: 48 input samples (2 ms). One instance per stream;
 * not thread-safe.
 */
public final class Downsampler {
    public static final int FACTOR = 3;
    /** Branch r, tap m: y[j] += h[3m + r] · split_r[j − m + REACH]. */
    private static final Fir.Terms TERMS = Fir.Terms.polyphase(LowpassDesign.taps(), FACTOR, 1);
    /** How many earlier outputs' worth of input an output reaches back. */
    private static final int REACH = TERMS.reach();
    private static final int HISTORY = LowpassDesign.TAPS - 1;

    private final short[] history = new short[HISTORY];
    private short[] work = new short[0];
    private short[] split = new short[0];
    private float[] sums = new float[0];
    /** Input samples to skip before the next output (0..2). */
    private int phase;

    /** The most samples one call can write for {@code count} input samples. */
    public static int maxOutput(int count) {
        return count / FACTOR + 1;
    }

    /** Writes the output samples {@code in[0..count)} completes; returns how many. */
    public int process(short[] in, int count, short[] out) {
        work = Fir.load(history, in, count, work);
        // Output j sits at input position n_j = phase + 3j (n_j < count), i.e. work[HISTORY + n_j], and is
        // Σ_k h[k] · work[HISTORY + n_j − k]. With k = 3m + r that is split_r[j − m + REACH], where
        // split_r[t] = work[phase − r + 3t] (block r of split): each (r, m) is one pass over contiguous arrays.
        int outputs = count > phase ? (count - phase + FACTOR - 1) / FACTOR : 0;
        int span = outputs + REACH;
        split = Fir.atLeast(split, FACTOR * span);
        for (int r = 0; r < FACTOR; r++) {
            for (int t = 0, at = phase - r; t < span; t++, at += FACTOR) {
                split[r * span + t] = at >= 0 ? work[at] : 0; // r > phase, t = 0: before the history; no tap reads it
            }
        }
        sums = Fir.atLeast(sums, outputs);
        Fir.run(TERMS, split, span, sums, 0, outputs); // each branch reads its block of split, all add up
        Fir.clip(sums, out, outputs);
        phase = phase + FACTOR * outputs - count;
        System.arraycopy(work, count, history, 0, HISTORY);
        return outputs;
    }
}
