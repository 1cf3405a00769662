package dev.callbridge.bridge.websocket;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A WebSocket server's settings.
 *
 * @param port 0 for any free port
 * @param idleTimeout a socket that sends nothing for this long is closed
 */
public record ServerSettings(InetAddress bindAddress, int port, int maxMessageBytes, Duration handshakeTimeout,
                             Duration idleTimeout, Duration closeTimeout) {
    public ServerSettings {
        Objects.requireNonNull(bindAddress);
        Objects.requireNonNull(handshakeTimeout);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(closeTimeout);
        if (port < 0 || port > 65_535 || maxMessageBytes <= 0) {
            throw new IllegalArgumentException("port 0-65535 and a positive message limit required");
        }
    }
}
