package dev.callbridge.bridge.websocket;

import java.util.Base64;

/** The checks of a WebSocket upgrade request (RFC 6455 §4.2.1-2), shared by every server that routes by path. */
public final class Upgrades {
    private Upgrades() {}

    /** The status line to refuse with, or null to accept. */
    public static String refusal(String[] line, HttpHead request, StreamEndpoint endpoint, String remote) {
        if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
            return "400 Bad Request";
        }
        if (endpoint == null) {
            return "404 Not Found";
        }
        if (!line[0].equals("GET")) {
            return "405 Method Not Allowed";
        }
        if (!request.hasToken("Upgrade", "websocket") || !request.hasToken("Connection", "upgrade")) {
            return "426 Upgrade Required";
        }
        if (!request.header("Sec-WebSocket-Version").map("13"::equals).orElse(false)) {
            return "426 Upgrade Required";
        }
        if (!validKey(request.header("Sec-WebSocket-Key").orElse(""))) {
            return "400 Bad Request";
        }
        return endpoint.accepts(request.headers(), remote) ? null : "403 Forbidden";
    }

    /** §4.2.1: a base64-encoded 16-byte nonce. */
    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
