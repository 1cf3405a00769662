package dev.callbridge.wire.audio;

/**
 * Polyphase FIR work shared by both resamplers. Pure.
 *
 * <p>Both resamplers run their filter tap by tap over a whole frame ({@link #run}) rather than output by output:
 * one long loop per tap over contiguous arrays is what the JIT turns into SIMD code, where a dot product per
 * output (a float sum whose order Java fixes) stays scalar. What it takes for C2 (JDK 25) to vectorize, measured:
 * the samples stay {@code short[]} and the sums {@code float[]} (arrays of different types cannot overlap; with
 * both {@code float[]} it must assume they might, since the input is read at an offset, and stays scalar), and
 * the taps are one flat table walked by a single loop (nested phase and tap loops ran at half the speed).
 * Each output still sums its terms in table order, so the result does not depend on how the signal is cut into
 * frames.
 */
final class Fir {
    /**
     * The taps as flat tables, branch by branch: term k is tap {@code coefficient[k]} of branch {@code block[k]};
     * {@code branches} is how many there are, {@code reach} the longest one's length less one (how far back its
     * oldest tap reads, so that offsets start at 0).
     */
    record Terms(float[] coefficient, int[] block, int[] offset, int branches, int reach) {
        /**
         * The polyphase split of {@code h} by {@code factor}: branch r holds {@code gain · h[factor · m + r]}, with
         * offset {@code reach − m}.
         */
        static Terms polyphase(double[] h, int factor, double gain) {
            int reach = (h.length + factor - 1) / factor - 1;
            float[] c = new float[h.length];
            int[] block = new int[h.length];
            int[] offset = new int[h.length];
            int k = 0;
            for (int r = 0; r < factor; r++) {
                for (int m = 0; factor * m + r < h.length; m++, k++) {
                    c[k] = (float) (h[factor * m + r] * gain);
                    block[k] = r;
                    offset[k] = reach - m;
                }
            }
            return new Terms(c, block, offset, factor, reach);
        }
    }

    private Fir() {}

    /**
     * {@code acc[block[k] · accStride + i] = Σ_k coefficient[k] · x[block[k] · xStride + offset[k] + i]} for i in
     * [0, n): the blocks are cleared first; a stride of 0 makes every branch add into one block.
     */
    static void run(Terms terms, short[] x, int xStride, float[] acc, int accStride, int n) {
        java.util.Arrays.fill(acc, 0, (terms.branches() - 1) * accStride + n, 0f);
        float[] c = terms.coefficient();
        int[] block = terms.block();
        int[] offset = terms.offset();
        int k = 0;
        while (k < c.length) {
            int at = block[k] * accStride;
            if (k + 3 < c.length && block[k + 3] * accStride == at) { // blocks only rise: k..k+3 add into one
                axpy4(c[k], c[k + 1], c[k + 2], c[k + 3], x, block[k] * xStride + offset[k],
                        block[k + 1] * xStride + offset[k + 1], block[k + 2] * xStride + offset[k + 2],
                        block[k + 3] * xStride + offset[k + 3], acc, at, n);
                k += 4;
            } else {
                axpy(c[k], x, block[k] * xStride + offset[k], acc, at, n);
                k++;
            }
        }
    }

    /**
     * Four consecutive terms that add into the same block, in one pass: each sum is still built term by term in
     * table order (Java evaluates the expression left to right and does not fuse), so the result is bit for bit
     * that of four passes, with a quarter of the loads and stores of {@code acc}. Measured (JMH, one core): the
     * upsampler 2.2–2.5 → 1.7–1.9 µs a frame; eight terms per pass stayed scalar and took five times as long.
     */
    private static void axpy4(float c0, float c1, float c2, float c3, short[] x, int f0, int f1, int f2, int f3,
                              float[] acc, int at, int n) {
        for (int i = 0; i < n; i++) {
            acc[at + i] = acc[at + i] + c0 * x[f0 + i] + c1 * x[f1 + i] + c2 * x[f2 + i] + c3 * x[f3 + i];
        }
    }

    /** {@code acc[at + i] += c · x[from + i]} for i in [0, n). */
    private static void axpy(float c, short[] x, int from, float[] acc, int at, int n) {
        for (int i = 0; i < n; i++) {
            acc[at + i] += c * x[from + i];
        }
    }

    /**
     * Saturates {@code n} sums to 16 bits and rounds them (half to even). Clamped as floats and rounded with
     * {@code rint}, the loop vectorizes; {@code Math.round} on each sum kept it scalar at six times the cost.
     */
    static void clip(float[] acc, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, acc[i]));
            out[i] = (short) (int) Math.rint(v);
        }
    }

    static float[] atLeast(float[] a, int n) {
        return a.length < n ? new float[n] : a;
    }

    static short[] atLeast(short[] a, int n) {
        return a.length < n ? new short[n] : a;
    }

    /** {@code history} then {@code count} samples of {@code in}, in {@code work} (grown if needed: keep the result). */
    static short[] load(short[] history, short[] in, int count, short[] work) {
        int h = history.length;
        short[] w = atLeast(work, h + count);
        System.arraycopy(history, 0, w, 0, h);
        System.arraycopy(in, 0, w, h, count);
        return w;
    }
}
