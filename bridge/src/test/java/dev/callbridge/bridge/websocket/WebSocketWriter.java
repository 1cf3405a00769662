package dev.callbridge.bridge.websocket;

import static dev.callbridge.bridge.websocket.WebSocketProtocol.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Writes RFC 6455 frames, each as one unfragmented frame in a single write to the socket (header and payload from
 * one buffer: one system call per message). A client masks every frame with a fresh key (§5.3). Not thread-safe:
 * callers hold the connection's send lock.
 */
final class WebSocketWriter {
    private static final int MAX_HEADER_BYTES = 14;

    private final OutputStream out;
    private final boolean isClient;
    private final RandomGenerator random;
    private byte[] frame = new byte[2048];

    /** @param random masking keys, for a client; §10.3 asks that they not be predictable by the page's script */
    WebSocketWriter(OutputStream out, boolean isClient, RandomGenerator random) {
        this.out = out;
        this.isClient = isClient;
        this.random = random;
    }

    void writeText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeFrame(OPCODE_TEXT, payload, payload.length);
    }

    void writePong(byte[] payload) throws IOException {
        writeFrame(OPCODE_PONG, payload, payload.length);
    }

    /** §5.5.1: the status, then a UTF-8 reason cut to fit a control frame's 125 bytes. */
    void writeClose(int code, String reason) throws IOException {
        byte[] payload = WebSocketProtocol.closePayload(code, reason);
        writeFrame(OPCODE_CLOSE, payload, payload.length);
    }

    private void writeFrame(int opcode, byte[] payload, int length) throws IOException {
        int size = MAX_HEADER_BYTES + length;
        if (frame.length < size) {
            frame = new byte[Math.max(size, frame.length * 2)];
        }
        byte[] f = frame;
        int i = 0;
        f[i++] = (byte) (B0_FLAG_FIN | opcode);
        int maskBit = isClient ? B1_FLAG_MASK : 0;
        if (length <= PAYLOAD_BYTE_MAX) {
            f[i++] = (byte) (maskBit | length);
        } else if (length <= PAYLOAD_SHORT_MAX) {
            f[i++] = (byte) (maskBit | PAYLOAD_SHORT);
            f[i++] = (byte) (length >>> 8);
            f[i++] = (byte) length;
        } else {
            f[i++] = (byte) (maskBit | PAYLOAD_LONG);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f[i++] = (byte) ((long) length >>> shift);
            }
        }
        int key = 0;
        if (isClient) {
            key = random.nextInt();
            f[i++] = (byte) (key >>> 24);
            f[i++] = (byte) (key >>> 16);
            f[i++] = (byte) (key >>> 8);
            f[i++] = (byte) key;
        }
        System.arraycopy(payload, 0, f, i, length);
        if (isClient) {
            toggleMask(f, i, length, key);
        }
        out.write(f, 0, i + length);
    }
}
