package dev.callbridge.bridge.text;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.SummarySink;
import dev.callbridge.bridge.twilio.TwilioSocket;
import java.time.Clock;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/** The {@code /conversation-relay} endpoint: one {@link TextCallSession} per socket, messages in order per socket. */
public final class ConversationRelayHandler extends AbstractWebSocketHandler {
    private static final String CALL = "textCall";

    private final TextCallSession.Settings settings;
    private final SummarySink sink;
    private final Clock clock;
    private final CallRegistry registry;

    public ConversationRelayHandler(TextCallSession.Settings settings, SummarySink sink, Clock clock, CallRegistry registry) {
        this.settings = settings;
        this.sink = sink;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        var call = new TextCallSession("relay-" + session.getId(), settings, new TwilioSocket(session), sink, clock,
                registry);
        session.getAttributes().put(CALL, call);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        call(session).onTwilioText(message.getPayload());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        call(session).fail(TextCallSession.UNSUPPORTED_DATA, "binary frame: ConversationRelay messages are JSON text");
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        call(session).fail(TextCallSession.INTERNAL_ERROR, "Twilio socket error: " + exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        call(session).onTwilioClosed(status.getCode(), status.getReason());
    }

    private static TextCallSession call(WebSocketSession session) {
        return (TextCallSession) session.getAttributes().get(CALL);
    }
}
