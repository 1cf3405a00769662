package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.soak.Verification;
import dev.callbridge.simulator.twilio.CallResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The call path transcoding to {@code audio/pcm} 24 kHz (the stand-in then hears and speaks PCM), on the default
 * transport (event loops on both legs, Twilio's streams on their own port, named in the TwiML). Its calls keep only
 * their newest two turns in memory ({@code callbridge.calls.kept-turns=2}): every mail of the contract then has
 * turns read back from the call's journal at its end.
 */
class TranscodingCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcm16";
    }

    @Override
    List<String> transport() {
        return List.of("--callbridge.calls.kept-turns=2");
    }

    @Test
    void aCallLongerThanTheTurnsItKeepsInMemoryIsMailedWhole() throws Exception {
        long before = bridge.stats().get("turnsReadFromJournal");
        CallScript script = bridge.scripts.stream().filter(s -> s.name().equals("booking")).findFirst().orElseThrow();
        CallResult result = call(script, Duration.ofSeconds(20), "CAkeptturns00000000000000000001", 5);
        var mails = bridge.mails(List.of(result.callSid()), Duration.ofSeconds(20));
        var verdict = Verification.verify(result, mails, Optional.of(bridge.probe));
        long readBack = bridge.stats().get("turnsReadFromJournal") - before;

        System.out.println("kept 2 turns in memory: expected turns " + result.expected());
        System.out.println("                        mailed turns   " + mails.get(result.callSid()).turns());
        System.out.println("turns read back from the journal: " + readBack + "; verdict " + verdict);
        assertEquals(List.of(), verdict.failures());
        assertEquals(6, result.expected().size());
        assertTrue(readBack >= 2, "the oldest turns came from the journal: " + readBack);
    }

}
