package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.websocket.TextSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** A Spring (servlet container) WebSocket session as a {@link TextSocket}. */
public final class SpringTextSocket implements TextSocket {
    private static final Logger log = LoggerFactory.getLogger(SpringTextSocket.class);

    private final WebSocketSession session;

    public SpringTextSocket(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void sendText(String text) throws IOException {
        session.sendMessage(new TextMessage(text));
    }

    @Override
    public void close(int status, String reason) {
        if (session.isOpen()) {
            try {
                session.close(new CloseStatus(status, reason));
            } catch (IOException | RuntimeException e) {
                log.debug("closing Twilio socket {}: {}", session.getId(), e.toString());
            }
        }
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public String remoteAddress() {
        InetSocketAddress remote = session.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
    }
}
