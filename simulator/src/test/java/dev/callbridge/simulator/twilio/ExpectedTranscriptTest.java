package dev.callbridge.simulator.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the simulated caller expects in its mail, as exchanges are judged, faults counted and replies resume. */
class ExpectedTranscriptTest {
    private static final String LINE = "When are you open on Sunday?";
    private static final String REPLY = "On Sunday we open at ten and close at four.";

    /** How the reply's expectation judges the mail's candidates: whole, a cut prefix, a prefix not marked cut. */
    private static List<Boolean> replyAccepts(ExpectedTranscript t) {
        CallResult.ExpectedTurn reply = t.turns().get(1);
        return List.of(reply.matches("assistant", REPLY, false), reply.matches("assistant", "On Sunday we", true),
                reply.matches("assistant", "On Sunday we", false));
    }

    @Test
    void aReplyThatResumesAfterTheCallerTookItsStallForTheEndMayBeWholeOrCut() {
        var t = new ExpectedTranscript();
        t.exchange(LINE, REPLY, false, 0, 0);
        List<Boolean> judged = replyAccepts(t);
        boolean reopened = t.replyResumed();
        boolean again = t.replyResumed();
        List<Boolean> resumed = replyAccepts(t);
        System.out.printf("resumed reply (whole, cut prefix, unmarked prefix): expected [true, false, false] then "
                + "[true, true, false], reopened once; actual %s then %s, reopened %s, %s%n", judged, resumed, reopened, again);
        assertEquals(List.of(true, false, false), judged);
        assertEquals(List.of(true, true, false), resumed);
        assertEquals(List.of(true, false), List.of(reopened, again));
        assertEquals(new CallResult.ExpectedTurn("caller", LINE, false, false), t.turns().get(0), "the caller's line as it was");
    }

    @Test
    void audioOnceTheCallerWaitsForTheNextReplyOrAfterACutReplyReopensNothing() {
        var t = new ExpectedTranscript();
        t.exchange(LINE, REPLY, false, 0, 0);
        t.waiting(); // the next line was spoken: audio now is the next reply
        var cut = new ExpectedTranscript();
        cut.exchange(LINE, REPLY, true, 0, 0); // the caller talked over it: its audio runs on until the clear
        var unanswered = new ExpectedTranscript();
        unanswered.unanswered(LINE, 0, 0);
        List<Boolean> actual = List.of(t.replyResumed(), cut.replyResumed(), unanswered.replyResumed());
        System.out.println("reopened after waiting, after a cut, after no reply: expected [false, false, false], actual " + actual);
        assertEquals(List.of(false, false, false), actual);
    }

    @Test
    void aFaultBeforeTheNextExchangeIsJudgedMakesTheLastCallerLineFaultedButNotItsReply() {
        var t = new ExpectedTranscript();
        t.exchange(LINE, REPLY, false, 2, 2); // two faults before the line, none during it
        t.settle(3); // one more before the next exchange is judged: its transcription may be lost
        t.exchange("And on public holidays?", "Closed.", false, 3, 3);
        t.settle(4); // a fault after the second exchange, judged at the call's end
        List<Boolean> faulted = t.turns().stream().map(CallResult.ExpectedTurn::faulted).toList();
        System.out.println("faulted turns: expected [true, false, true, false], actual " + faulted);
        assertEquals(List.of(true, false, true, false), faulted);
    }
}
