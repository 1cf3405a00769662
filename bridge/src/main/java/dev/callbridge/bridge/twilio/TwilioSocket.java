package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.SocketWriter;
import dev.callbridge.bridge.call.TwilioPort;
import dev.callbridge.bridge.text.RelayPort;
import dev.callbridge.bridge.websocket.Outbox;
import dev.callbridge.bridge.websocket.SocketThreads;
import dev.callbridge.bridge.websocket.TextSocket;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Twilio socket (Media Streams or ConversationRelay), whichever server holds it. Sends go through its
 * {@link Outbox}: a {@link SocketWriter} thread for a socket whose send blocks, the socket itself when it never does
 * (an event loop's).
 */
public final class TwilioSocket implements TwilioPort, RelayPort {
    private static final Logger log = LoggerFactory.getLogger(TwilioSocket.class);
    /** About 40 s of 100 ms deltas with their marks: Twilio reads as fast as we write on a healthy socket. */
    private static final int QUEUE_CAPACITY = 1024;

    private final TextSocket socket;
    private final Outbox outbox;

    private TwilioSocket(TextSocket socket, Outbox outbox) {
        this.socket = socket;
        this.outbox = outbox;
    }

    /** @param threads what runs the writer, for a socket that needs one */
    public static TwilioSocket of(TextSocket socket, SocketThreads threads) {
        if (socket instanceof Outbox direct) {
            return new TwilioSocket(socket, direct);
        }
        var writer = new SocketWriter("twilio-" + socket.id(), QUEUE_CAPACITY, threads);
        writer.start(text -> {
            try {
                socket.sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, e -> log.warn("sending to Twilio on {} failed: {}", socket.id(), e.toString()));
        return new TwilioSocket(socket, writer);
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
