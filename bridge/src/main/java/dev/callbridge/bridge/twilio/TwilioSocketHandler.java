package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.TwilioCall;
import java.util.function.Function;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A Twilio WebSocket endpoint ({@code /media-stream}, {@code /conversation-relay}): one {@link TwilioCall} per
 * socket. Spring delivers each socket's messages in order, one at a time, which makes that thread the call's Twilio
 * reader.
 */
public final class TwilioSocketHandler extends AbstractWebSocketHandler {
    private static final String CALL = "call";

    private final String protocol;
    private final Function<WebSocketSession, TwilioCall> calls;

    /**
     * @param protocol names the protocol in close reasons, e.g. {@code Media Streams}
     * @param calls makes the call for a new socket
     */
    public TwilioSocketHandler(String protocol, Function<WebSocketSession, TwilioCall> calls) {
        this.protocol = protocol;
        this.calls = calls;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        session.getAttributes().put(CALL, calls.apply(session));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        call(session).onTwilioText(message.getPayload());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        call(session).fail(CloseCode.UNSUPPORTED_DATA, "binary frame: " + protocol + " messages are JSON text");
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        call(session).fail(CloseCode.INTERNAL_ERROR, "Twilio socket error: " + exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        call(session).onTwilioClosed(status.getCode(), status.getReason());
    }

    private static TwilioCall call(WebSocketSession session) {
        return (TwilioCall) session.getAttributes().get(CALL);
    }
}
