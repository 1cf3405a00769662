package dev.callbridge.bridge.call;

import dev.callbridge.wire.twilio.TwilioCommand;
import java.util.ArrayList;
import java.util.List;

/** A Twilio leg in memory for tests of one call: it keeps what the call sent and how it closed, in order. */
public final class RecordingTwilioPort implements TwilioPort {
    public final List<TwilioCommand> sent = new ArrayList<>();
    public final List<String> closes = new ArrayList<>();

    @Override
    public void send(TwilioCommand command) {
        sent.add(command);
    }

    @Override
    public void close(int status, String reason) {
        closes.add(status + " " + reason);
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public long dropped() {
        return 0;
    }
}
