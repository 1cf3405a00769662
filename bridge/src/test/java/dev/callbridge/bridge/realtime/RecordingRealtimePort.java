package dev.callbridge.bridge.realtime;

import dev.callbridge.wire.realtime.ClientEvent;
import java.util.ArrayList;
import java.util.List;

/** An OpenAI leg in memory for tests: it keeps what the call sent it, in order, and whether it was closed. */
final class RecordingRealtimePort implements RealtimePort {
    final List<ClientEvent> sent = new ArrayList<>();
    boolean closed;

    @Override
    public void send(ClientEvent event) {
        sent.add(event);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public long dropped() {
        return 0;
    }
}
