package dev.callbridge.simulator.soak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.CallResult.Clear;
import dev.callbridge.simulator.twilio.CallResult.ExpectedTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {
    /** The bridge cuts somewhere between the speech detection and the clear's arrival; outside that is an error. */
    @Test
    void aTruncateIsMeasuredAgainstWhatWasHeardWhileTheBridgeDecided() {
        // heard 1680 ms when the clear arrived, 150 ms after the speech was detected: the window is 1530–1680 ms
        assertEquals(0, Verification.truncateErrorMs(1534, new Clear(1680, 150, 0, 0)));
        assertEquals(0, Verification.truncateErrorMs(1680, new Clear(1680, 150, 0, 0)));
        assertEquals(30, Verification.truncateErrorMs(1500, new Clear(1680, 150, 0, 0)), "cut before the caller could have heard it");
        assertEquals(20, Verification.truncateErrorMs(1700, new Clear(1680, 150, 0, 0)), "cut later than anything the caller heard");
        // no latency known: the arrival alone, as |truncation - heard|
        assertEquals(146, Verification.truncateErrorMs(1534, new Clear(1680, -1, 0, 0)));
        assertEquals(0, Verification.truncateErrorMs(0, new Clear(50, 200, 0, 0)), "the window never starts below 0");
    }

    /**
     * A simulated player whose loop ran late had played less than a player keeping time (Twilio's, and the one the
     * bridge's estimate assumes): the window's end moves by what it owed, its start does not.
     */
    @Test
    void aLatePlayerWidensTheWindowByWhatItOwedAndNoMore() {
        var late = new Clear(1540, 19, 150, 0); // heard 1521–1540 ms; a player on time would have been 150 ms further
        long[] cuts = {1691, 1700, 1690, 1500};
        long[] expected = {1, 10, 0, 21};
        long[] actual = errors(cuts, late);
        System.out.println("player 150 ms late, heard 1521–1540 ms: cuts " + java.util.Arrays.toString(cuts)
                + ", expected errors " + java.util.Arrays.toString(expected) + ", actual " + java.util.Arrays.toString(actual));
        assertArrayEquals(expected, actual);
        assertEquals(151, Verification.truncateErrorMs(1691, new Clear(1540, 19, 0, 0)), "the same cut, a player on time");
    }

    /**
     * The bridge knows the playhead from Twilio's mark echoes, which cross it with the caller's frames: when those
     * were late, its estimate (the safe side: less than was heard) may start that much earlier; the end does not move.
     */
    @Test
    void lateMarkEchoesWidenTheWindowsStartByTheirLagAndNoMore() {
        var lagging = new Clear(1680, 150, 0, 76); // heard 1530–1680 ms at the detection; echoes up to 76 ms late
        long[] cuts = {1454, 1450, 1601, 1700};
        long[] expected = {0, 4, 0, 20};
        long[] actual = errors(cuts, lagging);
        System.out.println("echoes 76 ms late, heard 1530–1680 ms: cuts " + java.util.Arrays.toString(cuts)
                + ", expected errors " + java.util.Arrays.toString(expected) + ", actual " + java.util.Arrays.toString(actual));
        assertArrayEquals(expected, actual);
        assertEquals(76, Verification.truncateErrorMs(1454, new Clear(1680, 150, 0, 0)), "the same cut, echoes on time");
    }

    private static long[] errors(long[] cuts, Clear clear) {
        return java.util.Arrays.stream(cuts).map(cut -> Verification.truncateErrorMs(cut, clear)).toArray();
    }

    private static final List<ExpectedTurn> SAID = List.of(new ExpectedTurn("caller", "Hello?"),
            new ExpectedTurn("assistant", "Hi, how can I help?"), new ExpectedTurn("caller", "When do you open?"),
            new ExpectedTurn("assistant", "At nine."));

    private static CallResult call(List<ExpectedTurn> expected, long heardMs, String problem) {
        return new CallResult("CA1", "s", expected, 100, heardMs, 0, List.of(), Duration.ofSeconds(10),
                List.of(problem));
    }

    private static Map<String, MailReader.SummaryMail> mail(String body, int turns) {
        List<MailReader.Turn> t = SAID.subList(0, turns).stream()
                .map(e -> new MailReader.Turn("", "", e.speaker(), false, e.text())).toList();
        return Map.of("CA1", new MailReader.SummaryMail(Path.of("x"), "CA1", "", "", body, "", t));
    }

    @Test
    void aKilledCallPassesWithItsRecoveredMailGiveOrTakeTheExchangeInProgress() {
        var killed = call(SAID, 0, "stream closed by the bridge mid-call: 1006");
        assertTrue(Verification.verifyKilled(killed, mail("recovered", 2)).passed(), "one exchange short");
        assertTrue(Verification.verifyKilled(killed, mail("recovered", 4)).passed());
        var missing = Verification.verifyKilled(killed, Map.of());
        System.out.println("killed, unmailed: expected a failure, actual " + missing.failures());
        assertEquals(List.of("killed mid-call and never mailed"), missing.failures());
        assertTrue(Verification.verifyKilled(call(List.of(), 0, "call failed: java.net.ConnectException"), Map.of()).passed(),
                "placed while the bridge was down: nothing was said, nothing to mail");
    }

    @Test
    void inAFaultedExchangeAFragmentBeforeTheRegeneratedReplyIsAllowedElsewhereNot() {
        var faulted = List.of(new ExpectedTurn("caller", "Hello?"), new ExpectedTurn("assistant", "Hi, how can I help?", false, true));
        var clean = List.of(new ExpectedTurn("caller", "Hello?"), new ExpectedTurn("assistant", "Hi, how can I help?"));
        var actual = List.of(new MailReader.Turn("", "", "caller", false, "Hello?"),
                new MailReader.Turn("", "", "assistant", true, "…"),
                new MailReader.Turn("", "", "assistant", false, "Hi, how can I help?"));
        System.out.println("fragment, faulted: " + Verification.firstDifference(faulted, actual) + "; clean: "
                + Verification.firstDifference(clean, actual));
        assertEquals(java.util.Optional.empty(), Verification.firstDifference(faulted, actual));
        assertTrue(Verification.firstDifference(clean, actual).isPresent());
    }

    @Test
    void aCallTheBridgeGaveUpOnMustHaveSaidSorryAndBeMailed() {
        String problem = Verification.GAVE_UP + " (connect failed (3 attempts)): apology played";
        assertTrue(Verification.verifyGaveUp(call(SAID.subList(0, 2), 5_977, problem),
                mail("… realtime unavailable (…)", 2)).passed());
        var silent = Verification.verifyGaveUp(call(List.of(), 0, problem), mail("realtime unavailable", 0));
        System.out.println("gave up in silence: expected a failure, actual " + silent.failures());
        assertEquals(1, silent.failures().size());
    }
}
