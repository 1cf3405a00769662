package dev.callbridge.wire.audio;

/**
 * G.711 μ-law, bit-exact to ITU-T G.711 (the CCITT/Sun reference algorithm): 16-bit linear PCM is reduced to
 * 14 bits, biased by {@link #MULAW_BIAS}, and coded as sign, 3-bit segment and 4-bit mantissa, all bits inverted.
 * Both directions are table lookups. Pure; thread-safe.
 */
public final class MuLaw {
    /** Bias added before segment search, in 16-bit units (0x21 in the 14-bit domain, shifted). */
    public static final int MULAW_BIAS = 0x84;
    /** Largest 14-bit magnitude that is coded without clipping. */
    public static final int MULAW_CLIP_14 = 8159;
    /** The code for digital silence (positive zero). */
    public static final byte SILENCE = (byte) 0xFF;

    private static final short[] DECODE = new short[256];
    private static final byte[] ENCODE = new byte[65_536];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE[code] = (short) decodeSlow(code);
        }
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            ENCODE[pcm & 0xFFFF] = (byte) encodeSlow(pcm);
        }
    }

    private MuLaw() {}

    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    public static byte encode(short pcm) {
        return ENCODE[pcm & 0xFFFF];
    }

    /** Decodes {@code in} into the first {@code in.length} slots of {@code out}. */
    public static void decode(byte[] in, short[] out) {
        if (out.length < in.length) {
            throw new IllegalArgumentException("output holds " + out.length + " samples, need " + in.length);
        }
        for (int i = 0; i < in.length; i++) {
            out[i] = DECODE[in[i] & 0xFF];
        }
    }

    /** Encodes {@code count} samples of {@code in} into {@code out}. */
    public static void encode(short[] in, int count, byte[] out) {
        if (in.length < count || out.length < count) {
            throw new IllegalArgumentException("buffers shorter than " + count);
        }
        for (int i = 0; i < count; i++) {
            out[i] = ENCODE[in[i] & 0xFFFF];
        }
    }

    /** The reference encoder the table is built from: 16-bit sample in, 8-bit code out. */
    static int encodeSlow(int pcm) {
        int value = pcm >> 2; // to 14-bit
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > MULAW_CLIP_14) {
            value = MULAW_CLIP_14;
        }
        value += MULAW_BIAS >> 2;
        int segment = segmentOf(value);
        if (segment >= 8) {
            return 0x7F ^ mask;
        }
        int code = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return code ^ mask;
    }

    private static int segmentOf(int biased14) {
        int segment = 0;
        int end = 0x3F;
        while (segment < 8 && biased14 > end) {
            segment++;
            end = (end << 1) | 1;
        }
        return segment;
    }

    /** The reference decoder: 8-bit code in, 16-bit sample out. */
    static int decodeSlow(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + MULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? MULAW_BIAS - t : t - MULAW_BIAS;
    }
}
