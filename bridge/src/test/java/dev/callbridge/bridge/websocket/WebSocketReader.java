package dev.callbridge.bridge.websocket;

import static dev.callbridge.bridge.websocket.WebSocketProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads RFC 6455 frames into whole messages. A server's reader requires every frame masked and a client's refuses
 * masked frames (§5.1); fragments are joined (§5.4) and control frames between them delivered at once (§5.5).
 * Violations throw {@link WebSocketException} with the status to close with. Confined to the reader thread.
 */
final class WebSocketReader {
    /** What the reader found; called on the reader thread. */
    interface FrameCallback {
        void onText(String text);

        void onBinary(byte[] data);

        void onPing(byte[] payload);

        void onClose(int code, String reason);
    }

    private final SocketInput input;
    private final boolean isClient;
    private final int maxMessageBytes;
    /** A fragmented message being joined, or {@code -1} for none. */
    private int messageOpcode = -1;
    private byte[] message = new byte[0];
    private int messageLength;

    WebSocketReader(SocketInput input, boolean isClient, int maxMessageBytes) {
        this.input = input;
        this.isClient = isClient;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Reads frames until one message, control frame included, has been delivered. */
    void readMessage(FrameCallback callback) throws IOException {
        while (!readFrame(callback)) {
            // A fragment of a longer message: keep reading.
        }
    }

    /** Reads one frame; true when it completed a message or was a control frame. */
    private boolean readFrame(FrameCallback callback) throws IOException {
        input.require(2);
        byte[] buffer = input.buffer();
        int b0 = buffer[input.pos()] & 0xFF;
        int b1 = buffer[input.pos() + 1] & 0xFF;
        input.skip(2);
        boolean fin = (b0 & B0_FLAG_FIN) != 0;
        int opcode = b0 & B0_MASK_OPCODE;
        if ((b0 & B0_FLAGS_RESERVED) != 0) {
            throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "reserved bits set without an extension");
        }
        boolean masked = (b1 & B1_FLAG_MASK) != 0;
        if (masked == isClient) {
            throw new WebSocketException(CLOSE_PROTOCOL_ERROR, isClient ? "server frames must not be masked" : "client frames must be masked");
        }
        long length = b1 & B1_MASK_LENGTH;
        if (length == PAYLOAD_SHORT) {
            input.require(2);
            length = (input.buffer()[input.pos()] & 0xFFL) << 8 | input.buffer()[input.pos() + 1] & 0xFFL;
            input.skip(2);
        } else if (length == PAYLOAD_LONG) {
            input.require(8);
            length = ByteBuffer.wrap(input.buffer(), input.pos(), 8).getLong();
            input.skip(8);
            if (length < 0) {
                throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "frame length has its top bit set");
            }
        }
        boolean control = (opcode & OPCODE_FLAG_CONTROL) != 0;
        if (control && (!fin || length > PAYLOAD_BYTE_MAX)) {
            throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "control frames are unfragmented and at most 125 bytes");
        }
        long total = (control ? 0 : messageLength) + length;
        if (total > maxMessageBytes) {
            throw new WebSocketException(CLOSE_TOO_BIG, "message longer than " + maxMessageBytes + " bytes");
        }
        int key = 0;
        if (masked) {
            input.require(4);
            key = ByteBuffer.wrap(input.buffer(), input.pos(), 4).getInt();
            input.skip(4);
        }
        int n = (int) length;
        input.require(n);
        buffer = input.buffer();
        int start = input.pos();
        if (masked) {
            toggleMask(buffer, start, n, key);
        }
        input.skip(n);
        if (control) {
            control(opcode, Arrays.copyOfRange(buffer, start, start + n), callback);
            return true;
        }
        return data(opcode, fin, buffer, start, n, callback);
    }

    private void control(int opcode, byte[] payload, FrameCallback callback) {
        switch (opcode) {
            case OPCODE_PING -> callback.onPing(payload);
            case OPCODE_PONG -> {
                // Unsolicited or answering our ping: nothing to do (§5.5.3).
            }
            case OPCODE_CLOSE -> {
                if (payload.length == 1) {
                    throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "close frame with a 1-byte payload");
                }
                int code = payload.length == 0 ? CLOSE_NO_STATUS : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
                String reason = payload.length <= 2 ? "" : utf8(payload, 2, payload.length - 2);
                callback.onClose(code, reason);
            }
            default -> throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "unknown control opcode " + opcode);
        }
    }

    private boolean data(int opcode, boolean fin, byte[] buffer, int start, int n, FrameCallback callback) {
        if (opcode == OPCODE_CONTINUATION) {
            if (messageOpcode < 0) {
                throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
        } else if (opcode != OPCODE_TEXT && opcode != OPCODE_BINARY) {
            throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "unknown data opcode " + opcode);
        } else if (messageOpcode >= 0) {
            throw new WebSocketException(CLOSE_PROTOCOL_ERROR, "new message before the last one's final fragment");
        }
        if (fin && messageOpcode < 0) {
            deliver(opcode, buffer, start, n, callback);
            return true;
        }
        if (messageOpcode < 0) {
            messageOpcode = opcode;
        }
        if (messageLength + n > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + n, message.length * 2));
        }
        System.arraycopy(buffer, start, message, messageLength, n);
        messageLength += n;
        if (!fin) {
            return false;
        }
        int whole = messageOpcode;
        int length = messageLength;
        messageOpcode = -1;
        messageLength = 0;
        deliver(whole, message, 0, length, callback);
        message = new byte[0];
        return true;
    }

    private static void deliver(int opcode, byte[] bytes, int start, int n, FrameCallback callback) {
        if (opcode == OPCODE_TEXT) {
            callback.onText(utf8(bytes, start, n));
        } else {
            callback.onBinary(Arrays.copyOfRange(bytes, start, start + n));
        }
    }
}
