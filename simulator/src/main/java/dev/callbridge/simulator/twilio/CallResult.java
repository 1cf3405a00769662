package dev.callbridge.simulator.twilio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated call did: the turns it expects to find in its summary mail, in order, and its counts.
 *
 * @param expected speaker label and text of each turn the caller completed
 * @param clears   each {@code clear} the bridge sent, in order, with what the caller had heard of the reply
 * @param problems what went wrong on the Twilio side (no reply, socket closed early, …); empty when nothing did
 */
public record CallResult(String callSid, String script, List<ExpectedTurn> expected, long framesSent,
                         long outboundMsReceived, long marksEchoed, List<Clear> clears, Duration length,
                         List<String> problems) {
    public CallResult {
        Objects.requireNonNull(callSid);
        expected = List.copyOf(expected);
        clears = List.copyOf(clears);
        problems = List.copyOf(problems);
    }

    /**
     * One {@code clear} as the caller's player met it.
     *
     * @param heardMs           how much of the reply being played the caller had heard when the clear arrived
     * @param detectedBeforeMs  how long before its arrival the Realtime side had detected the caller's speech (-1 when
     *                          unknown): the bridge decided where to cut within that window, so the caller had heard
     *                          at least {@code heardMs - detectedBeforeMs} when it did
     * @param playerLateMs      how far the simulated player had fallen behind real time when the clear arrived (its
     *                          event loop late), bounded by the audio it held: a player keeping time, as Twilio's
     *                          does and as the bridge's estimate assumes, would have played this much more
     * @param inboundLagMs      how late caller frames reached the Realtime side around the detection: the player's
     *                          mark echoes cross the bridge on the same path, so the bridge's knowledge of the
     *                          playhead (confirmed by the last echo it had read) was up to this much behind
     */
    public record Clear(long heardMs, long detectedBeforeMs, long playerLateMs, long inboundLagMs) {
        public Clear {
            if (heardMs < 0 || playerLateMs < 0 || inboundLagMs < 0) {
                throw new IllegalArgumentException("heard " + heardMs + " ms, player late " + playerLateMs
                        + " ms, inbound lag " + inboundLagMs + " ms");
            }
        }

        /**
         * The least the bridge could have known the caller had heard when it decided where to cut: the playhead at
         * the detection (the arrival alone if unknown), less what its last mark echo was behind.
         */
        public long earliestMs() {
            return Math.max(0, heardMs - Math.max(0, detectedBeforeMs) - inboundLagMs);
        }

        /** The most a player keeping real time would have played when the clear arrived. */
        public long latestMs() {
            return heardMs + playerLateMs;
        }
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
