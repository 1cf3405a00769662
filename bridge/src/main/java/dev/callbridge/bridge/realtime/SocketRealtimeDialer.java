package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.RealtimeDialer;
import dev.callbridge.bridge.call.RealtimeListener;
import dev.callbridge.bridge.call.RealtimePort;
import dev.callbridge.bridge.websocket.SocketThreads;
import dev.callbridge.bridge.websocket.WebSocketClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens Realtime legs with the bridge's own blocking WebSocket client: each leg's thread connects, then reads
 * the socket for the rest of the leg, and delivers every event itself. Sends {@code Authorization: Bearer} (GA: no
 * {@code OpenAI-Beta} header) and the call SID as {@code X-Client-Request-Id}, which OpenAI logs for support requests.
 */
public final class SocketRealtimeDialer implements RealtimeDialer {
    private final WebSocketClient client;
    private final URI url;
    private final String apiKey;
    private final int bufferCapacity;
    private final SocketThreads threads;

    /** @param bufferCapacity events held while the socket opens (about 50 a second of caller audio) */
    public SocketRealtimeDialer(WebSocketClient client, URI url, String apiKey, int bufferCapacity, SocketThreads threads) {
        this.client = client;
        this.url = url;
        this.apiKey = apiKey;
        this.bufferCapacity = bufferCapacity;
        this.threads = threads;
    }

    @Override
    public RealtimePort dial(String callId, RealtimeListener listener) {
        var leg = new SocketRealtimeLeg(callId, listener, bufferCapacity, threads);
        threads.start("openai-" + callId, () -> leg.run(client, url, headers(apiKey, callId)));
        return leg;
    }

    /** The upgrade's headers: the bearer key (none when empty) and the call SID. */
    static Map<String, String> headers(String apiKey, String callId) {
        var headers = new LinkedHashMap<String, String>();
        if (!apiKey.isEmpty()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        headers.put("X-Client-Request-Id", callId);
        return java.util.Collections.unmodifiableMap(headers);
    }
}
