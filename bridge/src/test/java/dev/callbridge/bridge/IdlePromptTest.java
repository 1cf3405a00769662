package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.script.CallScripts;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's idle timeout end to end: a caller who says one line, hears the reply and then stays silent is
 * prompted by the assistant ({@code input_audio_buffer.timeout_triggered} from the stand-in, which commits the
 * silence and answers it). The prompt is an assistant turn of the mail; the silence is no caller turn. The prompts
 * are not activity: the bridge's idle hang-up still ends a call in which the caller never answers.
 */
class IdlePromptTest {
    @Test
    void aSilentCallerIsPromptedAndTheIdleHangUpStillEndsTheCall(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.realtime.vad.idle-timeout=5s",
                "--callbridge.calls.idle-timeout=12s", "--callbridge.calls.warm-up-frames=0")) {
            CallScript weather = bridge.scripts.stream().filter(s -> s.name().equals("weather")).findFirst().orElseThrow();
            var oneLine = new CallScript("weather-then-silence", List.of(weather.caller(0), weather.assistant(0)));
            String prompt = CallScripts.idlePrompt(BridgeHarness.DATA).text();
            // The caller would stay on the line silently for a minute; the bridge hangs up 12 s after the reply.
            CallResult result = new TwilioCaller(bridge.http, bridge.url, oneLine, Duration.ofSeconds(60),
                    "CAidleprompt00000000000000000001", 7, Optional.of(bridge.probe), Optional.of(bridge.signer))
                    .onePassThenSilence().call();
            var mail = bridge.mails(List.of(result.callSid()), Duration.ofSeconds(20)).get(result.callSid());
            List<String> expected = List.of("caller: " + weather.caller(0).text(), "assistant: " + weather.assistant(0).text(),
                    "assistant: " + prompt);
            List<String> actual = mail.turns().stream().map(t -> t.speaker() + ": " + t.text()).toList();
            System.out.println("call of " + result.length() + "; idle timeouts at the stand-in: " + bridge.fake.idleTimeouts());
            System.out.println("expected turns: " + expected + "\nactual turns:   " + actual);
            System.out.println("offsets: reply at " + mail.turns().get(1).offset() + ", prompt at " + mail.turns().get(2).offset());
            assertEquals(expected, actual.subList(0, Math.min(3, actual.size())));
            assertTrue(actual.subList(2, actual.size()).stream().allMatch(t -> t.equals("assistant: " + prompt)),
                    "after the reply only prompts, no silent caller turn: " + actual);
            assertTrue(bridge.fake.idleTimeouts() >= 1);
            String ended = mail.body().lines().filter(l -> l.startsWith("Ended: ")).findFirst().orElse("<none>");
            System.out.println("ended: expected the idle hang-up (idle for PT12S), actual " + ended);
            assertTrue(ended.contains("idle for PT12S: no one spoke"), ended);
            assertTrue(result.length().compareTo(Duration.ofSeconds(40)) < 0, "hung up well before the caller would have");
            assertEquals(List.of(), bridge.fake.violations(), "schema violations");
        }
    }
}
