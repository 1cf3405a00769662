package dev.callbridge.bridge.text;

import dev.callbridge.wire.relay.RelayCommand;

/** The ConversationRelay socket as a text call sees it. {@link #send} never blocks. */
public interface RelayPort {
    void send(RelayCommand command);

    /** Closes the socket with a WebSocket status and reason (no-op when already closed). */
    void close(int status, String reason);

    String remoteAddress();

    /** Commands dropped because the outbound queue was full. */
    long dropped();
}
