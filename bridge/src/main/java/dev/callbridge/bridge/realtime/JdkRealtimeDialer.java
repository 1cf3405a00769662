package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.RealtimeDialer;
import dev.callbridge.bridge.call.RealtimeListener;
import dev.callbridge.bridge.call.RealtimePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Opens Realtime legs with the JDK's WebSocket client: one shared {@link HttpClient} whose listener callbacks run
 * on virtual threads. Sends {@code Authorization: Bearer} (GA: no {@code OpenAI-Beta} header) and the call SID as
 * {@code X-Client-Request-Id}, which OpenAI logs for support requests.
 */
public final class JdkRealtimeDialer implements RealtimeDialer {
    private final HttpClient http;
    private final URI url;
    private final String apiKey;
    private final Duration connectTimeout;
    private final int bufferCapacity;

    /** @param bufferCapacity events held while the socket opens (about 50 a second of caller audio) */
    public JdkRealtimeDialer(HttpClient http, URI url, String apiKey, Duration connectTimeout, int bufferCapacity) {
        this.http = http;
        this.url = url;
        this.apiKey = apiKey;
        this.connectTimeout = connectTimeout;
        this.bufferCapacity = bufferCapacity;
    }

    @Override
    public RealtimePort dial(String callId, RealtimeListener listener) {
        var leg = new RealtimeLeg(callId, listener, bufferCapacity);
        var builder = http.newWebSocketBuilder().connectTimeout(connectTimeout).header("X-Client-Request-Id", callId);
        if (!apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        builder.buildAsync(url, leg.listener()).whenComplete(leg::opened);
        return leg;
    }
}
