package dev.callbridge.wire.audio;

/** Loudness of 16-bit samples in dBFS. Pure. */
public final class Level {
    /** Quietest level reported; digital silence reads as this. */
    public static final double FLOOR_DBFS = -90;

    private Level() {}

    /** RMS level of {@code count} samples from {@code offset}, in dBFS (full-scale sine: -3 dBFS). */
    public static double rmsDbfs(short[] samples, int offset, int count) {
        double sum = 0;
        for (int i = offset; i < offset + count; i++) {
            sum += (double) samples[i] * samples[i];
        }
        double rms = Math.sqrt(sum / Math.max(1, count));
        return rms < 1 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(rms / 32768.0));
    }
}
