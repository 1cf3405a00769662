package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.websocket.NettySocket;
import dev.callbridge.bridge.websocket.NettyWebSocketClient;
import dev.callbridge.bridge.websocket.SocketListener;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenAI Realtime socket on the event-loop client. Until the socket is open, events wait in a bounded buffer
 * (the connect buffer), then go out in order ahead of anything sent later; afterwards each event is written
 * straight into the socket, with no writer thread. Inbound events are delivered on the socket's loop.
 */
final class NettyRealtimeLeg implements RealtimePort, NettyWebSocketClient.Handshake {
    private static final Logger log = LoggerFactory.getLogger(NettyRealtimeLeg.class);

    private final String callId;
    private final RealtimeListener listener;
    private final int bufferCapacity;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong droppedWhileOpening = new AtomicLong();
    /** Guards the hand-over from the buffer to the socket, so no event overtakes one buffered before it. */
    private final ReentrantLock lock = new ReentrantLock();
    private ArrayDeque<String> pending = new ArrayDeque<>();
    private volatile NettySocket socket;

    NettyRealtimeLeg(String callId, RealtimeListener listener, int bufferCapacity) {
        this.callId = callId;
        this.listener = listener;
        this.bufferCapacity = bufferCapacity;
    }

    @Override
    public void send(ClientEvent event) {
        String text = RealtimeCodec.encode(event);
        NettySocket open = socket;
        if (open != null) {
            open.offer(text);
            return;
        }
        lock.lock();
        try {
            if (socket != null) {
                socket.offer(text);
            } else if (closed.get() || pending.size() >= bufferCapacity) {
                countDropWhileOpening();
            } else {
                pending.add(text);
            }
        } finally {
            lock.unlock();
        }
    }

    private void countDropWhileOpening() {
        long n = droppedWhileOpening.incrementAndGet();
        if (!closed.get() && (n == 1 || Long.bitCount(n) == 1)) {
            log.warn("{}: connect buffer full, {} event(s) dropped so far", this, n);
        }
    }

    @Override
    public SocketListener opened(NettySocket opened) {
        lock.lock();
        try {
            if (closed.get()) {
                opened.abort();
            } else {
                pending.forEach(opened::offer);
                socket = opened;
            }
            pending = new ArrayDeque<>(0);
        } finally {
            lock.unlock();
        }
        return new RealtimeSocketListener(this, closed, listener, this::reportClosed);
    }

    @Override
    public void failed(Throwable cause) {
        reportClosed(1006, "connect failed: " + cause);
    }

    /** Closes now: events already written go out first, then a normal close frame. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        NettySocket open = socket;
        if (open != null) {
            open.close(1000, "call ended"); // what was written goes out ahead of the close frame; later sends are dropped
        }
    }

    @Override
    public long dropped() {
        NettySocket open = socket;
        return droppedWhileOpening.get() + (open == null ? 0 : open.dropped());
    }

    private void reportClosed(int status, String reason) {
        if (closed.compareAndSet(false, true)) {
            listener.onRealtimeClosed(status, reason);
        }
        NettySocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    @Override
    public String toString() {
        return "NettyRealtimeLeg[" + callId + "]";
    }
}
