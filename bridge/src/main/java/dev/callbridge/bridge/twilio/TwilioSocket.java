package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.TwilioPort;
import dev.callbridge.bridge.text.RelayPort;
import dev.callbridge.bridge.websocket.Outbox;
import dev.callbridge.bridge.websocket.TextSocket;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import java.util.concurrent.TimeUnit;

/**
 * A Twilio socket (Media Streams or ConversationRelay) on the event-loop server. Sends go straight to the socket's
 * {@link Outbox}, which never blocks: a peer that leaves too much unread has its messages dropped and counted.
 */
public final class TwilioSocket implements TwilioPort, RelayPort {
    private final TextSocket socket;
    private final Outbox outbox;

    private TwilioSocket(TextSocket socket, Outbox outbox) {
        this.socket = socket;
        this.outbox = outbox;
    }

    /** @param socket an event-loop socket, which is its own outbox */
    public static TwilioSocket of(TextSocket socket) {
        if (!(socket instanceof Outbox direct)) {
            throw new IllegalArgumentException("a Twilio socket must be an event-loop socket: " + socket.getClass());
        }
        return new TwilioSocket(socket, direct);
    }

    @Override
    public void send(TwilioCommand command) {
        outbox.offer(MediaStreamCodec.encodeCommand(command));
    }

    @Override
    public void send(TwilioCommand first, TwilioCommand second) {
        outbox.offer(MediaStreamCodec.encodeCommand(first), MediaStreamCodec.encodeCommand(second));
    }

    @Override
    public void send(RelayCommand command) {
        outbox.offer(ConversationRelayCodec.encodeCommand(command));
    }

    @Override
    public void close(int status, String reason) {
        outbox.finish(1, TimeUnit.SECONDS);
        socket.close(status, reason);
    }

    @Override
    public String remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public long dropped() {
        return outbox.dropped();
    }
}
