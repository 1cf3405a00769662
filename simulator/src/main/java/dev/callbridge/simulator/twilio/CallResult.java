package dev.callbridge.simulator.twilio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated call did: the turns it expects to find in its summary mail, in order, and its counts.
 *
 * @param expected speaker label and text of each turn the caller completed
 * @param heardAtClearMs for each {@code clear} the bridge sent, how much of the reply being played the caller had
 *                       heard when it arrived: what the bridge's truncate must say
 * @param problems what went wrong on the Twilio side (no reply, socket closed early, …); empty when nothing did
 */
public record CallResult(String callSid, String script, List<ExpectedTurn> expected, long framesSent,
                         long outboundMsReceived, long marksEchoed, List<Long> heardAtClearMs, Duration length,
                         List<String> problems) {
    public CallResult {
        Objects.requireNonNull(callSid);
        expected = List.copyOf(expected);
        heardAtClearMs = List.copyOf(heardAtClearMs);
        problems = List.copyOf(problems);
    }

    /**
     * A turn the mail must hold. For an interrupted assistant turn, {@code text} is the whole line and the mail
     * must hold a word-prefix of it (what was heard), marked interrupted.
     */
    public record ExpectedTurn(String speaker, String text, boolean interrupted) {
        public ExpectedTurn(String speaker, String text) {
            this(speaker, text, false);
        }

        /** Whether {@code actual} (from the mail) is this turn. */
        public boolean matches(String actualSpeaker, String actualText, boolean actualInterrupted) {
            if (!speaker.equals(actualSpeaker) || interrupted != actualInterrupted) {
                return false;
            }
            if (!interrupted) {
                return text.equals(actualText);
            }
            return actualText.equals("…") || text.equals(actualText) || text.startsWith(actualText + " ");
        }
    }
}
