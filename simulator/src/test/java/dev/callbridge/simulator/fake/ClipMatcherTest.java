package dev.callbridge.simulator.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.script.CallScripts;
import dev.callbridge.wire.audio.MuLaw;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClipMatcherTest {
    static final Path DATA = Path.of("../data");

    @Test
    void everyCallerLineIsRecognisedAsItselfWithSilenceAround() {
        List<CallScript> scripts = CallScripts.load(DATA);
        Replies replies = new Replies(scripts, -45);
        List<String> wrong = new ArrayList<>();
        int lines = 0;
        for (CallScript script : scripts) {
            for (int x = 0; x < script.exchanges(); x++) {
                lines++;
                byte[] clip = script.caller(x).mulaw();
                // As the VAD captures it: 300 ms of prefix and 500 ms of trailing silence.
                byte[] padded = new byte[2400 + clip.length + 4000];
                Arrays.fill(padded, MuLaw.SILENCE);
                System.arraycopy(clip, 0, padded, 2400, clip.length);
                Optional<Replies.Exchange> heard = replies.recognise(Envelope.ofMulaw(padded));
                String expected = script.caller(x).text();
                String actual = heard.map(Replies.Exchange::callerText).orElse("<nothing>");
                System.out.printf("%s #%d: expected \"%s\", actual \"%s\"%n", script.name(), x, expected, actual);
                if (!expected.equals(actual) || !heard.get().reply().text().equals(script.assistant(x).text())) {
                    wrong.add(script.name() + "#" + x);
                }
            }
        }
        assertEquals(List.of(), wrong, "all " + lines + " caller lines recognised with the right reply");
    }

    @Test
    void silenceAndNoiseAreNotRecognised() {
        Replies replies = new Replies(CallScripts.load(DATA), -45);
        double[] silence = new double[100];
        Arrays.fill(silence, Envelope.FLOOR_DB);
        assertEquals(Optional.empty(), replies.recognise(silence));
        double[] tone = new double[400]; // 8 s of a steady loud tone: no line is that long and flat
        Arrays.fill(tone, -6);
        assertEquals(Optional.empty(), replies.recognise(tone));
    }
}
