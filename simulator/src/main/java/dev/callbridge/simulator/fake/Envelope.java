package dev.callbridge.simulator.fake;

import dev.callbridge.wire.audio.Level;
import dev.callbridge.wire.audio.MuLaw;

/** Loudness per 20 ms window in dBFS, the common ground for voice activity detection and clip matching. Pure. */
public final class Envelope {
    /** Quietest level reported; digital silence reads as this. */
    public static final double FLOOR_DB = Level.FLOOR_DBFS;

    private Envelope() {}

    /** Level of {@code count} samples from {@code offset}, in dBFS. */
    public static double levelDb(short[] samples, int offset, int count) {
        return Level.rmsDbfs(samples, offset, count);
    }

    /** One level a 20 ms window of μ-law 8 kHz audio (160 bytes); a short last window is dropped. */
    public static double[] ofMulaw(byte[] mulaw) {
        short[] pcm = new short[mulaw.length];
        MuLaw.decode(mulaw, pcm);
        return ofPcm(pcm, pcm.length, 160);
    }

    /** One level per window of {@code window} samples. */
    public static double[] ofPcm(short[] pcm, int length, int window) {
        double[] levels = new double[length / window];
        for (int w = 0; w < levels.length; w++) {
            levels[w] = levelDb(pcm, w * window, window);
        }
        return levels;
    }
}
