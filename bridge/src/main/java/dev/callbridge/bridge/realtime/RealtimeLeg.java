package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.RealtimeListener;
import dev.callbridge.bridge.call.RealtimePort;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One OpenAI Realtime socket. Outbound events queue in an {@link AsyncSender} from the moment the call dials, so
 * {@code session.update} goes first and caller audio that arrives while connecting is sent after it, in order.
 * Inbound text frames are reassembled and handed to the call on the client's (virtual) listener thread.
 */
final class RealtimeLeg implements RealtimePort {
    private final String callId;
    private final RealtimeListener listener;
    private final AsyncSender sender;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocket socket;

    RealtimeLeg(String callId, RealtimeListener listener, int bufferCapacity) {
        this.callId = callId;
        this.listener = listener;
        this.sender = new AsyncSender(bufferCapacity, e -> {
            reportClosed(1006, "send failed: " + e);
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        });
    }

    void opened(WebSocket ws, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            reportClosed(1006, "connect failed: " + cause);
            return;
        }
        socket = ws;
        if (closed.get()) {
            ws.abort();
            return;
        }
        sender.open(ws);
    }

    @Override
    public void send(ClientEvent event) {
        sender.offer(RealtimeCodec.encode(event));
    }

    /**
     * Closes now: events already queued go out (within a second), then a normal close frame, and the connection is
     * dropped without waiting for the server's echo.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sender.finish(1, TimeUnit.SECONDS);
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> ws.abort());
        }
    }

    @Override
    public long dropped() {
        return sender.dropped();
    }

    private void reportClosed(int status, String reason) {
        if (closed.compareAndSet(false, true)) {
            sender.finish(0, TimeUnit.SECONDS);
            listener.onRealtimeClosed(status, reason);
        }
    }

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                if (last && partial.isEmpty()) {
                    deliver(data.toString());
                } else {
                    partial.append(data);
                    if (last) {
                        String text = partial.toString();
                        partial.setLength(0);
                        deliver(text);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                reportClosed(statusCode, reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                reportClosed(1006, error.toString());
            }
        };
    }

    private void deliver(String text) {
        if (!closed.get()) {
            listener.onRealtimeText(text);
        }
    }

    @Override
    public String toString() {
        return "RealtimeLeg[" + callId + "]";
    }
}
