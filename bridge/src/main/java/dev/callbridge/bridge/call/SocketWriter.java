package dev.callbridge.bridge.call;

import dev.callbridge.bridge.websocket.Outbox;
import dev.callbridge.bridge.websocket.SocketThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer for one socket: a bounded queue drained by a single thread (virtual unless told otherwise), so that
 * no reader ever blocks on the other leg's socket and the socket never sees two concurrent sends. When the queue is
 * full a message is dropped and counted, never silently. Messages offered before {@link #start} wait in the queue (that is the
 * bounded connect buffer of the OpenAI leg).
 */
public final class SocketWriter implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(SocketWriter.class);
    private static final String POISON = new String("<end>");

    private final String name;
    private final SocketThreads threads;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread thread;
    private volatile boolean closed;

    public SocketWriter(String name, int capacity, SocketThreads threads) {
        this.name = name;
        this.threads = threads;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Starts draining into {@code send}, which blocks until the socket took the message. */
    public void start(Consumer<String> send, Consumer<Throwable> onFailure) {
        thread = threads.start("writer-" + name, () -> drain(send, onFailure));
    }

    private void drain(Consumer<String> send, Consumer<Throwable> onFailure) {
        try {
            while (true) {
                String message = queue.take();
                if (message == POISON) {
                    return;
                }
                send.accept(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                onFailure.accept(e);
            }
        }
    }

    /** Queues a message without blocking; returns false (and counts a drop) when full or closed. */
    @Override
    public boolean offer(String message) {
        if (closed || !queue.offer(message)) {
            long n = dropped.incrementAndGet();
            if (!closed && (n == 1 || Long.bitCount(n) == 1)) {
                log.warn("{}: outbound queue full, {} message(s) dropped so far", name, n);
            }
            return false;
        }
        return true;
    }

    /**
     * Ends the writer after what is already queued has gone out (so the last caller frame before a hang-up still
     * reaches OpenAI); waits at most {@code timeout}, then interrupts. Later offers are dropped and counted. If the
     * writer never started (the socket never opened), the queue is discarded.
     */
    @Override
    public void finish(long timeout, TimeUnit unit) {
        if (closed) {
            return;
        }
        closed = true;
        Thread t = thread;
        if (t == null) {
            queue.clear();
            return;
        }
        try {
            if (!queue.offer(POISON, timeout, unit)) {
                t.interrupt();
                return;
            }
            t.join(java.time.Duration.ofNanos(unit.toNanos(timeout))); // zero: no wait (join(0) would wait for ever)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.interrupt();
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }
}
