package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.SocketWriter;
import dev.callbridge.bridge.call.TwilioPort;
import dev.callbridge.bridge.text.RelayPort;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A Twilio socket (Media Streams or ConversationRelay) over a Spring WebSocket session; its {@link SocketWriter}
 * thread is the only sender.
 */
public final class TwilioSocket implements TwilioPort, RelayPort {
    private static final Logger log = LoggerFactory.getLogger(TwilioSocket.class);
    /** About 40 s of 100 ms deltas with their marks: Twilio reads as fast as we write on a healthy socket. */
    private static final int QUEUE_CAPACITY = 1024;

    private final WebSocketSession session;
    private final SocketWriter writer;

    public TwilioSocket(WebSocketSession session) {
        this.session = session;
        this.writer = new SocketWriter("twilio-" + session.getId(), QUEUE_CAPACITY);
        writer.start(this::sendNow, e -> log.warn("sending to Twilio on {} failed: {}", session.getId(), e.toString()));
    }

    private void sendNow(String text) {
        try {
            session.sendMessage(new TextMessage(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void send(TwilioCommand command) {
        writer.offer(MediaStreamCodec.encodeCommand(command));
    }

    @Override
    public void send(RelayCommand command) {
        writer.offer(ConversationRelayCodec.encodeCommand(command));
    }

    @Override
    public void close(int status, String reason) {
        writer.finish(1, TimeUnit.SECONDS);
        if (session.isOpen()) {
            try {
                session.close(new CloseStatus(status, reason));
            } catch (IOException | RuntimeException e) {
                log.debug("closing Twilio socket {}: {}", session.getId(), e.toString());
            }
        }
    }

    @Override
    public String remoteAddress() {
        InetSocketAddress remote = session.getRemoteAddress();
        return remote == null ? "" : remote.getAddress().getHostAddress();
    }

    @Override
    public long dropped() {
        return writer.dropped();
    }
}
