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

    /** Where two transcripts part, in a line a person can read. */
    static String firstDifference(List<CallResult.ExpectedTurn> expected, List<CallResult.ExpectedTurn> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        return "transcript differs at turn " + (i + 1) + " of " + expected.size() + " expected (" + actual.size()
                + " actual): expected " + (i < expected.size() ? expected.get(i) : "<end>") + ", actual "
                + (i < actual.size() ? actual.get(i) : "<end>");
    }

    public static Verdict verify(CallResult call, Map<String, MailReader.SummaryMail> mails, Optional<RelayProbe> probe) {
        List<String> failures = new ArrayList<>(call.problems());
        MailReader.SummaryMail mail = mails.get(call.callSid());
        if (mail == null) {
            failures.add("no summary mail");
        } else {
            List<CallResult.ExpectedTurn> actual = mail.turns().stream()
                    .map(t -> new CallResult.ExpectedTurn(t.speaker(), t.text())).toList();
            if (!actual.equals(call.expected())) {
                failures.add(firstDifference(call.expected(), actual));
            }
            if (mail.turns().stream().anyMatch(MailReader.Turn::interrupted)) {
                failures.add("an assistant turn was marked interrupted although the caller never talked over it");
            }
        }
        probe.map(p -> p.calls().get(call.callSid())).ifPresent(c -> {
            if (c.inboundMsReceived() != c.framesSent() * 20) {
                failures.add("caller audio lost: sent " + c.framesSent() * 20 + " ms, stand-in received "
                        + c.inboundMsReceived() + " ms");
            }
            if (c.outboundMsReceived() != c.outboundMsSent()) {
                failures.add("assistant audio lost: stand-in sent " + c.outboundMsSent() + " ms, caller received "
                        + c.outboundMsReceived() + " ms");
            }
        });
        return new Verdict(call.callSid(), failures);
    }
}
