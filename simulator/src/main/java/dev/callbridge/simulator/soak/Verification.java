package dev.callbridge.simulator.soak;

import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.simulator.twilio.CallResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-of-soak check of every call: a mail arrived, its transcript holds exactly the expected turns in order,
 * the Twilio side saw no problem, and (with the probe) no audio frame was lost either way.
 */
public final class Verification {
    private Verification() {}

    /** One call's verdict; {@code failures} is empty when it passed. */
    public record Verdict(String callSid, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Allowed gap between a truncate and what the caller had heard while the bridge decided where to cut. */
    public static final long TRUNCATE_TOLERANCE_MS = 40;

    /**
     * How far a truncate lies outside what the caller heard while the bridge decided: between the Realtime side's
     * speech detection ({@code heardMs - detectedBeforeMs}) and the clear's arrival ({@code heardMs}, or as much
     * more as a player keeping real time would have played when the simulated one ran late); 0 inside. The
     * clear's trip (bridge, socket, a starved caller) is not an error of the cut; with no detection time known the
     * window starts at the arrival.
     */
    public static long truncateErrorMs(long truncation, CallResult.Clear clear) {
        return truncation < clear.earliestMs() ? clear.earliestMs() - truncation
                : Math.max(0, truncation - clear.latestMs());
    }

    /**
     * Where the mail's transcript parts from the expected one, in a line a person can read; empty if it does not.
     * In an exchange a fault hit, the mail may also hold a fragment of the reply the lost session had begun (an
     * interrupted word-prefix or "…") before the whole reply the next session gave.
     */
    static Optional<String> firstDifference(List<CallResult.ExpectedTurn> expected, List<MailReader.Turn> actual) {
        int i = 0;
        int j = 0;
        while (i < expected.size() && j < actual.size()) {
            CallResult.ExpectedTurn e = expected.get(i);
            MailReader.Turn a = actual.get(j);
            if (e.faulted() && e.speaker().equals("assistant") && a.interrupted() && j + 1 < actual.size()
                    && e.matches(a.speaker(), a.text(), true) && matches(e, actual.get(j + 1))) {
                j++; // the fragment before the regenerated reply
                continue;
            }
            if (!matches(e, a)) {
                break;
            }
            i++;
            j++;
        }
        if (i == expected.size() && j == actual.size()) {
            return Optional.empty();
        }
        return Optional.of("transcript differs at turn " + (i + 1) + " of " + expected.size() + " expected ("
                + actual.size() + " actual): expected " + (i < expected.size() ? expected.get(i) : "<end>")
                + ", actual " + (j < actual.size() ? actual.get(j) : "<end>"));
    }

    /** As {@link #firstDifference}, over the turns both have: for a call cut short, what it had said so far. */
    static Optional<String> firstDifferenceSoFar(List<CallResult.ExpectedTurn> expected, List<MailReader.Turn> actual) {
        int common = Math.min(expected.size(), actual.size());
        return firstDifference(expected.subList(0, common), actual.subList(0, common));
    }

    private static boolean matches(CallResult.ExpectedTurn e, MailReader.Turn a) {
        return e.matches(a.speaker(), a.text(), a.interrupted());
    }

    /**
     * A call the bridge was carrying when it was killed: the call itself broke off (its problems are the kill's), but
     * its mail must exist — sent by the restarted bridge from the call's journal — and agree turn by turn with what
     * the caller heard, give or take the exchange in progress at the kill (its turns may or may not have been
     * journaled, and the caller may not have finished judging it). A call in which nothing had been said yet may
     * have no mail: the bridge had not started it (there was no journal), or was down when Twilio placed it.
     */
    public static Verdict verifyKilled(CallResult call, Map<String, MailReader.SummaryMail> mails) {
        List<String> failures = new ArrayList<>();
        MailReader.SummaryMail mail = mails.get(call.callSid());
        List<CallResult.ExpectedTurn> expected = call.expected();
        if (mail == null && !expected.isEmpty()) {
            failures.add("killed mid-call and never mailed");
        }
        if (mail == null) {
            // Nothing was said yet: the bridge had not started the call (no journal) or was down when it was placed.
            return new Verdict(call.callSid(), failures);
        }
        List<MailReader.Turn> actual = mail.turns();
        firstDifferenceSoFar(expected, actual).ifPresent(failures::add);
        if (Math.abs(expected.size() - actual.size()) > 2) {
            failures.add("killed mid-call: expected " + expected.size() + " turns, give or take one exchange; mail has "
                    + actual.size());
        }
        return new Verdict(call.callSid(), failures);
    }

    /** How the caller sees a bridge that could get no OpenAI session: the stream closed after the apology. */
    static final String GAVE_UP = "stream closed by the bridge mid-call: 1000 realtime unavailable";

    /**
     * A call the stand-in refused or dropped so often that the bridge gave up, as it must after its attempts: the
     * caller must have heard the apology (never silence), and the mail must exist and hold what was said before.
     */
    static Verdict verifyGaveUp(CallResult call, Map<String, MailReader.SummaryMail> mails) {
        List<String> failures = new ArrayList<>();
        MailReader.SummaryMail mail = mails.get(call.callSid());
        if (mail == null) {
            failures.add("gave up on OpenAI but was never mailed");
        } else {
            firstDifferenceSoFar(call.expected(), mail.turns()).ifPresent(failures::add);
            if (!mail.body().contains("realtime unavailable")) {
                failures.add("the mail does not say why the call ended");
            }
        }
        if (call.outboundMsReceived() < 1_000) {
            failures.add("gave up on OpenAI in silence: the caller heard " + call.outboundMsReceived() + " ms, no apology");
        }
        return new Verdict(call.callSid(), failures);
    }

    public static Verdict verify(CallResult call, Map<String, MailReader.SummaryMail> mails, Optional<RelayProbe> probe) {
        return verify(call, mails, probe, TRUNCATE_TOLERANCE_MS);
    }

    /**
     * As {@link #verify(CallResult, Map, Optional)} with another truncation tolerance: for runs where the simulated
     * Twilio shares a starved JVM with the bridge, so its own playback clock is the larger error.
     */
    public static Verdict verify(CallResult call, Map<String, MailReader.SummaryMail> mails, Optional<RelayProbe> probe,
                                 long truncateToleranceMs) {
        long faults = probe.map(p -> p.call(call.callSid()).faults()).orElse(0L);
        if (faults > 0 && call.problems().size() == 1 && call.problems().getFirst().startsWith(GAVE_UP)) {
            return verifyGaveUp(call, mails);
        }
        List<String> failures = new ArrayList<>(call.problems());
        MailReader.SummaryMail mail = mails.get(call.callSid());
        if (mail == null) {
            failures.add("no summary mail");
        } else {
            firstDifference(call.expected(), mail.turns()).ifPresent(failures::add);
        }
        probe.map(p -> p.calls().get(call.callSid())).ifPresent(c -> {
            if (c.faults() > 0) {
                // Sessions broke: the bridge replays caller audio into the next session (so more may arrive than
                // was sent, never less), truncates of a lost session's items cannot land, and what the stand-in
                // streamed into a dropped socket never arrives.
                if (c.inboundMsReceived() < c.framesSent() * 20) {
                    failures.add("caller audio lost across " + c.faults() + " faults: sent " + c.framesSent() * 20
                            + " ms, stand-in received " + c.inboundMsReceived() + " ms");
                }
                return;
            }
            if (c.inboundMsReceived() != c.framesSent() * 20) {
                failures.add("caller audio lost: sent " + c.framesSent() * 20 + " ms, stand-in received "
                        + c.inboundMsReceived() + " ms");
            }
            List<Long> truncations = c.truncations();
            if (truncations.size() != call.clears().size()) {
                failures.add("truncates: expected one per clear " + call.clears() + ", actual " + truncations);
            } else {
                for (int i = 0; i < truncations.size(); i++) {
                    CallResult.Clear clear = call.clears().get(i);
                    if (truncateErrorMs(truncations.get(i), clear) > truncateToleranceMs) {
                        failures.add("truncated at " + truncations.get(i) + " ms but the caller had heard "
                                + clear.earliestMs() + "–" + clear.heardMs() + " ms while the bridge decided"
                                + (clear.inboundLagMs() > 0 ? " (from " + clear.inboundLagMs() + " ms less: its echoes' lag)" : "")
                                + (clear.playerLateMs() > 0 ? " (+" + clear.playerLateMs() + " ms its late player owed)" : "")
                                + " (tolerance ±" + truncateToleranceMs + " ms)");
                    }
                }
            }
            boolean cleared = !call.clears().isEmpty();
            if (!cleared && c.outboundMsReceived() != c.outboundMsSent()) {
                failures.add("assistant audio lost: stand-in sent " + c.outboundMsSent() + " ms, caller received "
                        + c.outboundMsReceived() + " ms");
            }
        });
        return new Verdict(call.callSid(), failures);
    }
}
