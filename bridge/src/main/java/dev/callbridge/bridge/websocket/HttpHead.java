package dev.callbridge.bridge.websocket;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The head of an HTTP/1.1 upgrade request or response: its first line and its headers (names case-insensitive,
 * repeated headers joined with commas as RFC 9110 §5.3 allows).
 */
record HttpHead(String startLine, Map<String, String> headers) {
    HttpHead {
        var copy = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @throws WebSocketException (1002) on a line that is not a header
     */
    static HttpHead parse(String head) {
        List<String> lines = head.lines().toList();
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw new WebSocketException(WebSocketProtocol.CLOSE_PROTOCOL_ERROR, "empty HTTP head");
        }
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new WebSocketException(WebSocketProtocol.CLOSE_PROTOCOL_ERROR, "malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpHead(lines.getFirst(), headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** Whether a comma-separated header holds {@code token}, ignoring case ({@code Connection: keep-alive, Upgrade}). */
    boolean hasToken(String name, String token) {
        return header(name).map(v -> {
            for (String part : v.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }
}
