package dev.callbridge.bridge.websocket;

import static dev.callbridge.bridge.websocket.WebSocketProtocol.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket over a plain blocking socket: a reader loop run by one (virtual) thread, sends under one lock.
 * No selector and no hand-off between threads per message: the reader thread parses and delivers each message
 * itself, and {@link #sendText} writes on the sender's thread. The close handshake (§7.1) is ours: whoever closes
 * first sends a close frame and the socket is dropped when the other side answers, or after {@code closeTimeout}.
 */
public final class WebSocketConnection implements TextSocket {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

    /** What a connection reports, on its reader thread. */
    /** How much of what a failed peer is still sending we read and drop before closing. */
    private static final long LINGER_BYTES = 1 << 20;

    private final String id;
    private final Socket socket;
    private final WebSocketReader reader;
    private final WebSocketWriter writer;
    private final Duration closeTimeout;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();

    WebSocketConnection(String id, Socket socket, SocketInput input, boolean isClient, int maxMessageBytes,
                        RandomGenerator random, Duration closeTimeout) throws IOException {
        this.id = id;
        this.socket = socket;
        this.reader = new WebSocketReader(input, isClient, maxMessageBytes);
        this.writer = new WebSocketWriter(socket.getOutputStream(), isClient, random);
        this.closeTimeout = closeTimeout;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return hostAddress(socket.getRemoteSocketAddress());
    }

    @Override
    public boolean isOpen() {
        return !closeSent.get() && !socket.isClosed();
    }

    /** Sends one text message; blocks only while the socket's send buffer is full. */
    @Override
    public void sendText(String text) throws IOException {
        sendLock.lock();
        try {
            if (closeSent.get()) {
                throw new SocketException("WebSocket " + id + " is closing");
            }
            writer.writeText(text);
        } finally {
            sendLock.unlock();
        }
    }

    /** Starts the close handshake (no-op once started): a close frame, then the socket drops on the answer or timeout. */
    @Override
    public void close(int code, String reason) {
        if (!closeSent.compareAndSet(false, true)) {
            return;
        }
        sendLock.lock();
        try {
            writer.writeClose(code, reason);
        } catch (IOException e) {
            abort();
            return;
        } finally {
            sendLock.unlock();
        }
        Thread.ofVirtual().name("ws-close-" + id).start(() -> {
            try {
                Thread.sleep(closeTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            abort();
        });
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing socket {}: {}", id, e.toString());
        }
    }

    /**
     * Reads and delivers messages until the connection ends, then reports how it ended exactly once. Answers pings
     * and the peer's close (§5.5); a protocol violation closes with its status and reason.
     *
     * @param idleTimeout how long a read may wait for the peer before the connection is given up; zero for ever
     */
    public void readLoop(SocketListener listener, Duration idleTimeout) {
        var callback = new WebSocketReader.FrameCallback() {
            int closeCode = -1;
            String closeReason = "";

            @Override
            public void onText(String text) {
                listener.onText(text);
            }

            @Override
            public void onBinary(byte[] data) {
                listener.onBinary(data);
            }

            @Override
            public void onPing(byte[] payload) {
                sendLock.lock();
                try {
                    if (!closeSent.get()) {
                        writer.writePong(payload);
                    }
                } catch (IOException e) {
                    log.debug("pong on {} failed: {}", id, e.toString());
                } finally {
                    sendLock.unlock();
                }
            }

            @Override
            public void onClose(int code, String reason) {
                closeCode = code;
                closeReason = reason;
            }
        };
        try {
            socket.setSoTimeout((int) idleTimeout.toMillis());
            while (callback.closeCode < 0) {
                reader.readMessage(callback);
            }
            // §5.5.1: answer a close with a close (echoing the status), then drop the connection.
            int echo = callback.closeCode == CLOSE_NO_STATUS ? CLOSE_NORMAL : callback.closeCode;
            if (closeSent.compareAndSet(false, true)) {
                sendLock.lock();
                try {
                    writer.writeClose(echo, "");
                } catch (IOException e) {
                    log.debug("answering close on {}: {}", id, e.toString());
                } finally {
                    sendLock.unlock();
                }
            }
            abort();
            report(listener, callback.closeCode, callback.closeReason);
        } catch (WebSocketException e) {
            log.warn("WebSocket {} from {}: {} (closing with {})", id, remoteAddress(), e.getMessage(), e.closeCode());
            close(e.closeCode(), e.getMessage());
            report(listener, e.closeCode(), e.getMessage());
            lingerThenAbort();
        } catch (SocketTimeoutException e) {
            close(CLOSE_GOING_AWAY, "idle for " + idleTimeout.toSeconds() + " s");
            abort();
            report(listener, CLOSE_ABNORMAL, "idle for " + idleTimeout.toSeconds() + " s");
        } catch (IOException e) {
            abort();
            report(listener, CLOSE_ABNORMAL, e instanceof EOFException ? "connection closed without a close frame"
                    : e.toString());
        }
    }

    /**
     * Drops the connection after we failed it (§7.1.7) without losing our close frame. The peer may still be sending
     * what we refused (the rest of an oversized message, say), and closing a socket with unread bytes resets the
     * connection, which can discard the close frame before the peer reads it. So we stop writing, read and drop
     * what is in flight until the peer closes (at most {@code LINGER_BYTES} or {@code closeTimeout}), then close.
     */
    private void lingerThenAbort() {
        try {
            if (!(socket instanceof SSLSocket)) { // TLS cannot half-close; draining still avoids the reset
                socket.shutdownOutput();
            }
            socket.setSoTimeout((int) Math.max(1, closeTimeout.toMillis()));
            var in = socket.getInputStream();
            byte[] sink = new byte[8192];
            for (long left = LINGER_BYTES; left > 0; ) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                left -= n;
            }
        } catch (IOException e) {
            log.debug("lingering close of {}: {}", id, e.toString());
        } finally {
            abort();
        }
    }

    private void report(SocketListener listener, int code, String reason) {
        if (reported.compareAndSet(false, true)) {
            listener.onClosed(code, reason);
        }
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + id + "]";
    }
}
