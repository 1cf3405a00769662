package dev.callbridge.bridge.websocket;

import java.io.IOException;
import java.util.Map;

/**
 * A WebSocket server that routes upgrades by path to {@link StreamEndpoint}s: the event-loop
 * {@link NettyWebSocketServer} (and, in the tests, the independent blocking-socket one it is checked against).
 */
public interface EndpointServer extends AutoCloseable {
    /** Binds the port (upgrades wait or are refused until {@link #start}); returns it. */
    int bind() throws IOException;

    /** Starts serving {@code endpoints} by request path (e.g. {@code /media-stream}). */
    void start(Map<String, StreamEndpoint> endpoints);

    int port();

    /** Stops accepting; open connections stay with their calls, which close them. */
    @Override
    void close();
}
