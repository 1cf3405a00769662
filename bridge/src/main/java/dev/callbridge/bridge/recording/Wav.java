package dev.callbridge.bridge.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The 44-byte header of a 16-bit PCM WAV file. Pure. */
final class Wav {
    private Wav() {}

    static byte[] header(int channels, int sampleRate, long samplesPerChannel) {
        long data = samplesPerChannel * channels * 2;
        if (data > 0xFFFF_FFFFL - 36) {
            throw new IllegalArgumentException("too long for a WAV file: " + data + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + data));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
        return b.array();
    }
}
