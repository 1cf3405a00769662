package dev.callbridge.simulator.twilio;

import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated caller expects its call's mail to hold, built as it judges each exchange. Faults are counted by
 * the stand-in for the whole call; an exchange is faulted when the count moved while it ran. Not thread-safe: the
 * caller's event loop owns it.
 */
final class ExpectedTranscript {
    private final List<CallResult.ExpectedTurn> turns = new ArrayList<>();
    private int lastCallerTurn = -1; // the last judged exchange's caller turn, until the next is judged
    private long lastFaultsBefore;
    private int lastWholeReply = -1; // the last reply judged heard whole, until the caller waits for the next

    /**
     * The caller judged an exchange: its line, and the reply as heard ({@code interrupted} when it talked over it).
     *
     * @param faultsBefore the stand-in's fault count when the line began
     * @param faultsNow    the count now
     */
    void exchange(String callerLine, String reply, boolean interrupted, long faultsBefore, long faultsNow) {
        settle(faultsNow);
        lastCallerTurn = turns.size();
        lastFaultsBefore = faultsBefore;
        boolean faulted = faultsNow > faultsBefore;
        turns.add(new CallResult.ExpectedTurn("caller", callerLine, false, faulted));
        turns.add(new CallResult.ExpectedTurn("assistant", reply, interrupted, faulted));
        lastWholeReply = interrupted ? -1 : turns.size() - 1;
    }

    /** No reply came to the caller's line. */
    void unanswered(String callerLine, long faultsBefore, long faultsNow) {
        settle(faultsNow);
        turns.add(new CallResult.ExpectedTurn("caller", callerLine, false, faultsNow > faultsBefore));
        lastWholeReply = -1;
    }

    /** The caller finished its next line and waits for the reply: audio from now on belongs to that one. */
    void waiting() {
        lastWholeReply = -1;
    }

    /**
     * Reply audio came although the caller had taken a silence for the last reply's end (a reply stalled that long):
     * Twilio plays the rest, and the caller may talk or hang up into it, so the mail may hold that reply whole or
     * cut where the caller spoke, as for a faulted exchange. Returns whether a judged reply was reopened.
     */
    boolean replyResumed() {
        if (lastWholeReply < 0) {
            return false;
        }
        markFaulted(lastWholeReply);
        lastWholeReply = -1;
        return true;
    }

    /**
     * A caller line's transcription may come after its reply (the service sends it when ready), so a session broken
     * after the caller judged the exchange can still lose it: until the next exchange is judged (or the call ends),
     * a fault since the line began makes its caller turn faulted too ({@code [no transcription]} allowed). The reply
     * was judged as heard and stays as it was.
     */
    void settle(long faultsNow) {
        if (lastCallerTurn >= 0 && faultsNow > lastFaultsBefore) {
            markFaulted(lastCallerTurn);
        }
        lastCallerTurn = -1;
    }

    private void markFaulted(int index) {
        CallResult.ExpectedTurn t = turns.get(index);
        turns.set(index, new CallResult.ExpectedTurn(t.speaker(), t.text(), t.interrupted(), true));
    }

    List<CallResult.ExpectedTurn> turns() {
        return List.copyOf(turns);
    }
}
