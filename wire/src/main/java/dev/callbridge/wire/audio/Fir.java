package dev.callbridge.wire.audio;

/** FIR helpers shared by both resamplers. Pure. */
final class Fir {
    private Fir() {}

    /**
     * The filter's input: {@code history} then {@code count} new samples, in {@code work} (grown when too small,
     * so callers keep the returned array).
     */
    static float[] load(float[] history, short[] in, int count, float[] work) {
        int h = history.length;
        float[] w = work.length < h + count ? new float[h + count] : work;
        System.arraycopy(history, 0, w, 0, h);
        for (int i = 0; i < count; i++) {
            w[h + i] = in[i];
        }
        return w;
    }

    /**
     * Σ taps[k] · x[newest − k] for k in [0, taps.length), with {@code taps.length} a multiple of 4: four running
     * sums, so that the additions do not wait on each other (about twice as fast as one sum here).
     */
    static float dot(float[] taps, float[] x, int newest) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int k = 0; k < taps.length; k += 4) {
            a0 += taps[k] * x[newest - k];
            a1 += taps[k + 1] * x[newest - k - 1];
            a2 += taps[k + 2] * x[newest - k - 2];
            a3 += taps[k + 3] * x[newest - k - 3];
        }
        return (a0 + a1) + (a2 + a3);
    }
}
