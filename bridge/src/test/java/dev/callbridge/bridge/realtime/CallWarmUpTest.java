package dev.callbridge.bridge.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.bridge.call.CallAuthenticator;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.bridge.twilio.CallTokens;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.audio.Pcm16Audio;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallWarmUpTest {
    /**
     * The live settings journal, record and require call tokens; the warm-up calls must do none of that, and must
     * go through as scripted: every caller frame relayed, one reply delta forwarded per reply frame, every other
     * reply cut by the caller (a clear and a truncate).
     */
    @ParameterizedTest
    @ValueSource(strings = {"pcmu", "pcm16"})
    void warmUpCallsGoThroughTheCallPathAsScriptedAndLeaveNothingBehind(String codec, @TempDir Path work) throws IOException {
        Supplier<AudioStage> audio = codec.equals("pcmu") ? PassthroughAudio::new : Pcm16Audio::new;
        Path journal = work.resolve("journal");
        Path recordings = work.resolve("recordings");
        Files.createDirectories(recordings);
        var live = new CallSettings("live", Optional.of(recordings), 1 << 20,
                Optional.<CallAuthenticator>of(new CallTokens("secret", Duration.ofMinutes(5), Clock.systemUTC())),
                new CallSettings.Limits(Duration.ofMinutes(5), Duration.ofSeconds(5)),
                new byte[] {(byte) 0xFF}, new CallJournal(Optional.of(journal)), Transcript.KEPT_TURNS);
        RealtimeDialer unreachable = (callId, listener) -> {
            throw new AssertionError("the warm-up dialled the live dialer");
        };
        var voice = new RealtimeVoice(unreachable, new SessionConfig("gpt-realtime-2.1", "", "marin", AudioFormat.PCMU,
                AudioFormat.PCMU, List.of("audio"), Optional.empty(), Optional.empty()), audio, Reconnect.DEFAULTS,
                System::nanoTime);

        // A cycle of two exchanges: 25 caller frames and a reply of 25 frames; 25 caller frames and a reply cut
        // after 12. 870 frames a call is ten cycles.
        CallWarmUp.Result r = CallWarmUp.run(live, voice, Duration.ofHours(2), 1_740, 870, Clock.systemUTC(), System::nanoTime);

        String expected = "2 calls, 1740 frames in, 740 deltas out, 20 barge-ins, problems []; journal and recordings empty";
        String actual = r.calls() + " calls, " + r.framesIn() + " frames in, " + r.deltasOut() + " deltas out, "
                + r.bargeIns() + " barge-ins, problems " + r.problems() + "; journal and recordings "
                + (files(journal) + files(recordings) == 0 ? "empty" : files(journal) + " / " + files(recordings) + " files");
        System.out.printf("%s warm-up (%d ms):%n  expected %s%n  actual   %s%n", codec, r.took().toMillis(), expected, actual);
        assertEquals(expected, actual);
    }

    private static long files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
