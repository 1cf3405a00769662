package dev.callbridge.bridge.websocket;

import java.io.IOException;

/** A WebSocket that carries text messages, whatever serves it. */
public interface TextSocket {
    String id();

    /** Sends one message; blocks until the socket took it. */
    void sendText(String text) throws IOException;

    /** Closes with a status and reason (no-op when already closing). */
    void close(int status, String reason);

    boolean isOpen();

    /** The peer's IP address, or empty when unknown. */
    String remoteAddress();
}
