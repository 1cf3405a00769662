package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.websocket.SocketListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an OpenAI socket's messages become, whichever client reads it: each text is decoded here, at the edge, into
 * the call's next event until the
 * leg is closed, binary messages are logged and dropped, and the socket's end goes to the leg's close report.
 */
final class RealtimeSocketListener implements SocketListener {
    private static final Logger log = LoggerFactory.getLogger(RealtimeSocketListener.class);

    private final Object leg;
    private final AtomicBoolean closed;
    private final RealtimeListener listener;
    private final BiConsumer<Integer, String> onClosed;

    /**
     * @param leg names the leg in log lines
     * @param closed set once the leg is closed: later messages are dropped
     */
    RealtimeSocketListener(Object leg, AtomicBoolean closed, RealtimeListener listener, BiConsumer<Integer, String> onClosed) {
        this.leg = leg;
        this.closed = closed;
        this.listener = listener;
        this.onClosed = onClosed;
    }

    @Override
    public void onText(String text) {
        if (!closed.get()) {
            RealtimeListener.deliver(text, listener);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        log.warn("{}: ignored a {}-byte binary message (the Realtime API sends JSON text)", leg, data.length);
    }

    @Override
    public void onClosed(int code, String reason) {
        onClosed.accept(code, reason);
    }
}
