package dev.callbridge.wire.audio;

/** 16-bit PCM helpers: little-endian bytes (the Realtime API's {@code audio/pcm}). Pure. */
public final class Pcm {
    private Pcm() {}

    /** Little-endian bytes of {@code count} samples. */
    public static byte[] toLittleEndian(short[] samples, int count) {
        byte[] out = new byte[count * 2];
        toLittleEndian(samples, count, out);
        return out;
    }

    /** Writes the little-endian bytes of {@code count} samples to the start of {@code out}. */
    public static void toLittleEndian(short[] samples, int count, byte[] out) {
        if (out.length < count * 2) {
            throw new IllegalArgumentException("output holds " + out.length + " bytes, need " + count * 2);
        }
        for (int i = 0; i < count; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
    }

    /** Samples from little-endian bytes; an odd trailing byte is ignored. Returns the number of samples. */
    public static int fromLittleEndian(byte[] bytes, short[] out) {
        int count = bytes.length / 2;
        for (int i = 0; i < count; i++) {
            out[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
        return count;
    }
}
