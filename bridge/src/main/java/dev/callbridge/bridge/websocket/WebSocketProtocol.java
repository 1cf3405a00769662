package dev.callbridge.bridge.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RFC 6455 constants and the computations both ends share: the accept key, payload masking, strict UTF-8. */
final class WebSocketProtocol {
    /** §5.2: FIN bit and opcodes. */
    static final int B0_FLAG_FIN = 0x80;
    static final int B0_FLAGS_RESERVED = 0x70;
    static final int B0_MASK_OPCODE = 0x0F;
    static final int B1_FLAG_MASK = 0x80;
    static final int B1_MASK_LENGTH = 0x7F;

    static final int OPCODE_CONTINUATION = 0x0;
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PING = 0x9;
    static final int OPCODE_PONG = 0xA;
    static final int OPCODE_FLAG_CONTROL = 0x8;

    /** §5.2: a 7-bit length up to 125; 126 means a 16-bit length follows, 127 a 64-bit one. */
    static final int PAYLOAD_BYTE_MAX = 125;
    static final int PAYLOAD_SHORT = 126;
    static final int PAYLOAD_SHORT_MAX = 0xFFFF;
    static final int PAYLOAD_LONG = 127;

    /** §7.4.1 close codes used by the transport itself. */
    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_NO_STATUS = 1005;
    static final int CLOSE_ABNORMAL = 1006;
    static final int CLOSE_INVALID_PAYLOAD = 1007;
    static final int CLOSE_TOO_BIG = 1009;

    /** §1.3: the GUID appended to the client's key before hashing. */
    private static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketProtocol() {}

    /** §4.2.2: {@code base64(SHA-1(key + GUID))}. */
    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_MAGIC).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** The peer's IP address as text, or empty when unknown (not an IP socket, or unresolved). */
    static String hostAddress(java.net.SocketAddress address) {
        return address instanceof java.net.InetSocketAddress ip && ip.getAddress() != null
                ? ip.getAddress().getHostAddress() : "";
    }

    /** §5.5.1: a close frame's payload, the status then as much of the reason as fits (never half a character). */
    static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(text.length, PAYLOAD_BYTE_MAX - 2);
        while (reasonLength > 0 && reasonLength < text.length && (text[reasonLength] & 0xC0) == 0x80) {
            reasonLength--;
        }
        byte[] payload = new byte[2 + reasonLength];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, reasonLength);
        return payload;
    }

    /** §5.3: XORs {@code length} bytes from {@code offset} with the 4-byte key, in place (masking is its own inverse). */
    static void toggleMask(byte[] buffer, int offset, int length, int key) {
        int i = 0;
        long wide = (key & 0xFFFFFFFFL) << 32 | key & 0xFFFFFFFFL;
        for (; i + 8 <= length; i += 8) {
            long v = (long) LONGS.get(buffer, offset + i);
            LONGS.set(buffer, offset + i, v ^ wide);
        }
        for (; i < length; i++) {
            buffer[offset + i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
    }

    /** Big-endian, so byte i of each long meets key byte {@code i % 4} as §5.3 orders them. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /**
     * Decodes UTF-8, failing with 1007 on malformed input (§8.1). The JDK's decoder replaces bad sequences with
     * U+FFFD, and is much faster than a reporting decoder; only text that contains U+FFFD is decoded again strictly.
     */
    static String utf8(byte[] bytes, int start, int n) {
        String text = new String(bytes, start, n, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, n));
            } catch (CharacterCodingException e) {
                throw new WebSocketException(CLOSE_INVALID_PAYLOAD, "text frame is not valid UTF-8");
            }
        }
        return text;
    }
}
