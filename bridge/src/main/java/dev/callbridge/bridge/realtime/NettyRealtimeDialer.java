package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.websocket.NettyWebSocketClient;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens Realtime legs on the event-loop client: the leg's socket joins the loop of the call's Twilio socket when that
 * is the one dialling, so the whole call runs on one thread. Sends {@code Authorization: Bearer} (GA: no
 * {@code OpenAI-Beta} header) and the call SID as {@code X-Client-Request-Id}, which OpenAI logs for support requests.
 */
public final class NettyRealtimeDialer implements RealtimeDialer {
    private final NettyWebSocketClient client;
    private final URI url;
    private final String apiKey;
    private final int bufferCapacity;

    /** @param bufferCapacity events held while the socket opens (about 50 a second of caller audio) */
    public NettyRealtimeDialer(NettyWebSocketClient client, URI url, String apiKey, int bufferCapacity) {
        this.client = client;
        this.url = url;
        this.apiKey = apiKey;
        this.bufferCapacity = bufferCapacity;
    }

    @Override
    public RealtimePort dial(String callId, RealtimeListener listener) {
        var leg = new NettyRealtimeLeg(callId, listener, bufferCapacity);
        client.connect(callId, url, headers(apiKey, callId), leg);
        return leg;
    }

    static Map<String, String> headers(String apiKey, String callId) {
        var headers = new LinkedHashMap<String, String>();
        if (!apiKey.isEmpty()) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        headers.put("X-Client-Request-Id", callId);
        return Collections.unmodifiableMap(headers);
    }
}
