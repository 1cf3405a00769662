package dev.callbridge.bridge.call;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The bridge's shutdown (SIGTERM): first, before the web server stops, new calls are turned away at the voice
 * webhook and calls in progress may go on for the drain timeout; calls still active then are ended (sockets closed
 * with 1001 "going away") and mailed. The mail pipeline closes after this, so every transcript reaches the spool.
 */
public final class CallDrainer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CallDrainer.class);

    private final CallRegistry registry;
    private final Duration timeout;
    private volatile boolean running;

    public CallDrainer(CallRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        registry.drain();
        int active = registry.activeCount();
        if (active == 0) {
            return;
        }
        log.info("shutting down: {} calls active, waiting up to {} for them to end", active, timeout);
        try {
            if (registry.awaitIdle(timeout)) {
                log.info("every call ended; shutting down");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int ended = registry.endAll(CloseCode.GOING_AWAY, "bridge shutting down");
        log.warn("drain timeout {} passed: ended {} calls still active (each is mailed)", timeout, ended);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the web server's graceful shutdown (which would not wait for WebSockets). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
