package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.RealtimeListener;
import dev.callbridge.bridge.call.RealtimePort;
import dev.callbridge.bridge.call.SocketWriter;
import dev.callbridge.bridge.websocket.SocketThreads;
import dev.callbridge.bridge.websocket.WebSocketClient;
import dev.callbridge.bridge.websocket.WebSocketConnection;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One OpenAI Realtime socket on the bridge's own client. Outbound events queue in a {@link SocketWriter} from the
 * moment the call dials (the bounded connect buffer), so {@code session.update} goes first and caller audio that
 * arrives while connecting follows in order. Inbound events are delivered on the leg's own reader thread.
 */
final class SocketRealtimeLeg implements RealtimePort {
    private final String callId;
    private final RealtimeListener listener;
    private final SocketWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocketConnection connection;

    SocketRealtimeLeg(String callId, RealtimeListener listener, int bufferCapacity, SocketThreads threads) {
        this.callId = callId;
        this.listener = listener;
        this.writer = new SocketWriter("openai-" + callId, bufferCapacity, threads);
    }

    /** Connects, then reads until the socket closes. On the leg's own thread. */
    void run(WebSocketClient client, URI url, Map<String, String> headers) {
        WebSocketConnection c;
        try {
            c = client.connect(callId, url, headers);
        } catch (IOException | RuntimeException e) {
            reportClosed(1006, "connect failed: " + e);
            return;
        }
        connection = c;
        if (closed.get()) {
            c.abort();
            return;
        }
        writer.start(text -> {
            try {
                c.sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, e -> {
            reportClosed(1006, "send failed: " + e);
            c.abort();
        });
        c.readLoop(new RealtimeSocketListener(this, closed, listener, this::reportClosed), Duration.ZERO);
    }

    @Override
    public void send(ClientEvent event) {
        writer.offer(RealtimeCodec.encode(event));
    }

    /** Closes now: events already queued go out (within a second), then a normal close frame. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.finish(1, TimeUnit.SECONDS);
        WebSocketConnection c = connection;
        if (c != null) {
            c.close(1000, "call ended");
        }
    }

    @Override
    public long dropped() {
        return writer.dropped();
    }

    private void reportClosed(int status, String reason) {
        if (closed.compareAndSet(false, true)) {
            writer.finish(0, TimeUnit.SECONDS);
            listener.onRealtimeClosed(status, reason);
        }
    }

    @Override
    public String toString() {
        return "SocketRealtimeLeg[" + callId + "]";
    }
}
