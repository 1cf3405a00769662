package dev.callbridge.bridge.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The buffered input side of one socket: the HTTP head of the upgrade, then frames, read from the same buffer so that
 * frames the peer sent right behind its 101 are not lost. The buffer grows to the largest frame seen (bounded by the
 * caller's limit). Confined to the connection's reader thread.
 */
final class SocketInput {
    private final InputStream in;
    private byte[] buffer;
    private int pos;
    private int limit;

    SocketInput(InputStream in, int initialCapacity) {
        this.in = in;
        this.buffer = new byte[initialCapacity];
    }

    byte[] buffer() {
        return buffer;
    }

    int pos() {
        return pos;
    }

    /** Makes {@code n} bytes available from {@link #pos()}, reading (and compacting or growing) as needed. */
    void require(int n) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(n, buffer.length * 2));
        }
        while (limit < n) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new EOFException("connection closed by peer");
            }
            limit += read;
        }
    }

    int readByte() throws IOException {
        require(1);
        return buffer[pos++] & 0xFF;
    }

    void skip(int n) {
        pos += n;
    }

    /**
     * Reads an HTTP head up to and including the blank line, as ISO-8859-1 text without that blank line.
     *
     * @throws WebSocketException (1002) when no blank line comes within {@code maxBytes}
     */
    String readHead(int maxBytes) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + Math.max(0, scanned - 3); i + 3 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    String head = new String(buffer, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 4;
                    return head;
                }
            }
            scanned = limit - pos;
            if (scanned >= maxBytes) {
                throw new WebSocketException(WebSocketProtocol.CLOSE_PROTOCOL_ERROR, "HTTP head longer than " + maxBytes + " bytes");
            }
            require(scanned + 1);
        }
    }
}
