package dev.callbridge.bridge.websocket;

import java.util.Map;

/** One path's sockets on a WebSocket server (e.g. {@code /media-stream}). */
public interface StreamEndpoint {
    /** Whether this upgrade may go ahead (a signature check, say); false answers 403. */
    boolean accepts(Map<String, String> headers, String remoteAddress);

    /** The listener of an accepted socket, which is open when this is called. */
    SocketListener open(TextSocket socket);
}
