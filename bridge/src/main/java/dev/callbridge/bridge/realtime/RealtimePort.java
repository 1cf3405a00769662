package dev.callbridge.bridge.realtime;

import dev.callbridge.wire.realtime.ClientEvent;

/**
 * The OpenAI leg as the call sees it. {@link #send} never blocks: before the socket is open, events wait in a
 * bounded buffer and go out in order once it is.
 */
public interface RealtimePort {
    void send(ClientEvent event);

    /** Closes at once; no event is delivered afterwards. */
    void close();

    /** Events dropped because the outbound buffer was full. */
    long dropped();
}
