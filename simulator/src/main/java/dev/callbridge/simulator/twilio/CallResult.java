package dev.callbridge.simulator.twilio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated call did: the turns it expects to find in its summary mail, in order, and its counts.
 *
 * @param expected speaker label and text of each turn the caller completed
 * @param heardAtClearMs for each {@code clear} the bridge sent, how much of the reply being played the caller had
 *                       heard when it arrived: the latest position the bridge's truncate may say
 * @param clearLatencyMs for each {@code clear}, how long before its arrival the Realtime side had detected the
 *                       caller's speech (-1 when unknown): the bridge decided where to cut within that window, so
 *                       the caller had heard at least {@code heardAtClearMs - clearLatencyMs} when it did
 * @param problems what went wrong on the Twilio side (no reply, socket closed early, …); empty when nothing did
 */
public record CallResult(String callSid, String script, List<ExpectedTurn> expected, long framesSent,
                         long outboundMsReceived, long marksEchoed, List<Long> heardAtClearMs, List<Long> clearLatencyMs, Duration length,
                         List<String> problems) {
    public CallResult {
        Objects.requireNonNull(callSid);
        expected = List.copyOf(expected);
        heardAtClearMs = List.copyOf(heardAtClearMs);
        clearLatencyMs = List.copyOf(clearLatencyMs);
        if (clearLatencyMs.size() != heardAtClearMs.size()) {
            throw new IllegalArgumentException("one latency per clear");
        }
        problems = List.copyOf(problems);
    }

    /**
     * A turn the mail must hold. For an interrupted assistant turn, {@code text} is the whole line and the mail
     * must hold a word-prefix of it (what was heard), marked interrupted. A {@code faulted} turn belongs to an
     * exchange during which the Realtime side broke a session on purpose: its reply may be cut short (a word-prefix,
     * marked interrupted) and its caller line may have lost its transcription; everything else must be exact.
     */
    public record ExpectedTurn(String speaker, String text, boolean interrupted, boolean faulted) {
        public static final String NO_TRANSCRIPTION = "[no transcription]";

        public ExpectedTurn(String speaker, String text) {
            this(speaker, text, false, false);
        }

        public ExpectedTurn(String speaker, String text, boolean interrupted) {
            this(speaker, text, interrupted, false);
        }

        /** Whether {@code actual} (from the mail) is this turn. */
        public boolean matches(String actualSpeaker, String actualText, boolean actualInterrupted) {
            if (!speaker.equals(actualSpeaker)) {
                return false;
            }
            if (faulted && speaker.equals("caller")) {
                return text.equals(actualText) || actualText.equals(NO_TRANSCRIPTION);
            }
            if (faulted && actualInterrupted) {
                return isPrefix(actualText);
            }
            if (interrupted != actualInterrupted) {
                return false;
            }
            return interrupted ? isPrefix(actualText) : text.equals(actualText);
        }

        private boolean isPrefix(String actualText) {
            return actualText.equals("…") || text.equals(actualText) || text.startsWith(actualText + " ");
        }
    }
}
