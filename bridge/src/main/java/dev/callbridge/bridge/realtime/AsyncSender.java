package dev.callbridge.bridge.realtime;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The OpenAI leg's sender. The JDK WebSocket allows one outstanding send and its sends are asynchronous, so the
 * caller's thread sends directly when nothing is in flight, and whoever completes a send takes the next one from a
 * bounded queue: no writer thread to wake per frame, and no caller ever waits on the socket. Before the socket
 * opens everything queues (the bounded connect buffer); a full queue drops and counts. Thread-safe.
 */
final class AsyncSender {
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final int capacity;
    private final Consumer<Throwable> onFailure;
    private final AtomicLong dropped = new AtomicLong();
    // Guarded by lock.
    private WebSocket socket;
    private boolean inFlight;
    private boolean closed;

    AsyncSender(int capacity, Consumer<Throwable> onFailure) {
        this.capacity = capacity;
        this.onFailure = onFailure;
    }

    /** Sends or queues {@code text} without blocking; returns false when it was dropped. */
    boolean offer(String text) {
        WebSocket ws;
        lock.lock();
        try {
            if (closed || (socket == null || inFlight) && queue.size() >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
            if (socket == null || inFlight) {
                queue.addLast(text);
                return true;
            }
            inFlight = true;
            ws = socket;
        } finally {
            lock.unlock();
        }
        pump(ws, text);
        return true;
    }

    /** The socket is open: start sending what queued up meanwhile. */
    void open(WebSocket ws) {
        String first;
        lock.lock();
        try {
            socket = ws;
            first = queue.pollFirst();
            inFlight = first != null;
        } finally {
            lock.unlock();
        }
        if (first != null) {
            pump(ws, first);
        }
    }

    /** Sends {@code text} and then whatever is queued, for as long as sends complete at once. */
    private void pump(WebSocket ws, String text) {
        String next = text;
        while (next != null) {
            CompletableFuture<WebSocket> sent = ws.sendText(next, true);
            if (!sent.isDone()) {
                sent.whenComplete((w, e) -> {
                    if (e != null) {
                        fail(e);
                    } else {
                        String after = next();
                        if (after != null) {
                            pump(ws, after);
                        }
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                sent.exceptionally(e -> {
                    fail(e);
                    return null;
                });
                return;
            }
            next = next();
        }
    }

    /** The next queued message, or null (and nothing in flight any more). */
    private String next() {
        lock.lock();
        try {
            String text = closed && socket == null ? null : queue.pollFirst();
            inFlight = text != null;
            return text;
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable e) {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            inFlight = false;
        } finally {
            lock.unlock();
        }
        onFailure.accept(e);
    }

    /**
     * Stops taking messages and waits up to {@code timeout} for what is queued to go out (so the caller's last
     * frame before a hang-up still reaches OpenAI). Without an open socket the queue is discarded.
     */
    void finish(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            closed = true;
            if (socket == null) {
                queue.clear();
                return;
            }
        } finally {
            lock.unlock();
        }
        while (System.nanoTime() < deadline) {
            lock.lock();
            try {
                if (queue.isEmpty() && !inFlight) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long dropped() {
        return dropped.get();
    }
}
