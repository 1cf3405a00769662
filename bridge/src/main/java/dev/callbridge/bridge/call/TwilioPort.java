package dev.callbridge.bridge.call;

import dev.callbridge.wire.twilio.TwilioCommand;

/** The Twilio leg as the call sees it. {@link #send} never blocks. */
public interface TwilioPort {
    void send(TwilioCommand command);

    /** Two commands that leave together (an audio chunk and its mark), in order: one write where the socket allows. */
    default void send(TwilioCommand first, TwilioCommand second) {
        send(first);
        send(second);
    }

    /** Closes the Media Streams socket with a WebSocket status and reason (no-op when already closed). */
    void close(int status, String reason);

    String remoteAddress();

    /** Commands dropped because the outbound queue was full. */
    long dropped();
}
