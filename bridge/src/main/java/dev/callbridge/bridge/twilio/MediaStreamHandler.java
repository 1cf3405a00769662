package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CallSession;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.call.RealtimeDialer;
import dev.callbridge.bridge.call.SummarySink;
import java.time.Clock;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The {@code /media-stream} endpoint: one {@link CallSession} per socket. Spring delivers each socket's messages
 * in order on one thread at a time (a virtual thread), which is the call's Twilio reader.
 */
public final class MediaStreamHandler extends AbstractWebSocketHandler {
    private static final String CALL = "call";

    private final CallSettings settings;
    private final RealtimeDialer dialer;
    private final SummarySink sink;
    private final Clock clock;
    private final CallRegistry registry;

    public MediaStreamHandler(CallSettings settings, RealtimeDialer dialer, SummarySink sink, Clock clock,
                              CallRegistry registry) {
        this.settings = settings;
        this.dialer = dialer;
        this.sink = sink;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        var call = new CallSession(session.getId(), settings, new TwilioSocket(session), dialer, sink, clock,
                System::nanoTime, registry);
        session.getAttributes().put(CALL, call);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        call(session).onTwilioText(message.getPayload());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        call(session).fail(CallSession.UNSUPPORTED_DATA, "binary frame: Media Streams messages are JSON text");
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        call(session).fail(CallSession.INTERNAL_ERROR, "Twilio socket error: " + exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        call(session).onTwilioClosed(status.getCode(), status.getReason());
    }

    private static CallSession call(WebSocketSession session) {
        return (CallSession) session.getAttributes().get(CALL);
    }
}
