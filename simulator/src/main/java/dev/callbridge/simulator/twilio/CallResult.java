package dev.callbridge.simulator.twilio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated call did: the turns it expects to find in its summary mail, in order, and its counts.
 *
 * @param expected speaker label and text of each turn the caller completed
 * @param problems what went wrong on the Twilio side (no reply, socket closed early, …); empty when nothing did
 */
public record CallResult(String callSid, String script, List<ExpectedTurn> expected, long framesSent,
                         long outboundMsReceived, long marksEchoed, Duration length, List<String> problems) {
    public CallResult {
        Objects.requireNonNull(callSid);
        expected = List.copyOf(expected);
        problems = List.copyOf(problems);
    }

    public record ExpectedTurn(String speaker, String text) {}
}
