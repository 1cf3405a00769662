package dev.callbridge.bridge.twilio;

import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a Twilio WebSocket upgrade (Media Streams or ConversationRelay) without a valid {@code X-Twilio-Signature}
 * for its URL: 403, no socket, no OpenAI session. On the servlet container an interceptor; on the bridge's own server
 * {@link #signed} decides.
 */
public final class StreamHandshakeGuard implements HandshakeInterceptor {
    private static final Logger log = LoggerFactory.getLogger(StreamHandshakeGuard.class);

    private final TwilioSignatures signatures;
    private final URI streamUrl;

    public StreamHandshakeGuard(TwilioSignatures signatures, URI streamUrl) {
        this.signatures = signatures;
        this.streamUrl = streamUrl;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (signed(request.getHeaders().getFirst(TwilioSignatures.HEADER), String.valueOf(request.getRemoteAddress()))) {
            return true;
        }
        response.setStatusCode(HttpStatus.FORBIDDEN);
        return false;
    }

    /** Whether {@code signature} (null or empty when absent) signs this stream's URL; logs a refusal. */
    public boolean signed(String signature, String remoteAddress) {
        if (signatures.stream(streamUrl, signature)) {
            return true;
        }
        log.warn("refused a WebSocket upgrade to {} from {}: missing or invalid X-Twilio-Signature", streamUrl.getPath(),
                remoteAddress);
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
