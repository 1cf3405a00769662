package dev.callbridge.bridge.websocket;

import java.util.concurrent.TimeUnit;

/**
 * Where one socket's outbound messages go, for threads that must never wait on it: a message is taken at once, or
 * dropped and counted.
 */
public interface Outbox {
    /** Takes a message for sending; false (and one more drop counted) when it cannot. */
    boolean offer(String message);

    /**
     * Takes two messages that belong together (an audio chunk and its mark), in order; a socket that can sends
     * them in one write. True if both were taken.
     */
    default boolean offer(String first, String second) {
        return offer(first) & offer(second);
    }

    /** Takes no more; what was taken goes out within {@code timeout} (or is abandoned). */
    void finish(long timeout, TimeUnit unit);

    /** Messages refused so far. */
    long dropped();
}
