package dev.callbridge.bridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.wire.audio.MuLaw;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether the caller's last frames hold speech: the ring keeps the last N frames' text and judges each when asked. */
class RecentCallerAudioTest {
    private static final double AUDIBLE_DBFS = -50;

    /** {@code bytes} of μ-law: silence, or a 1 kHz tone at {@code amplitude} from byte {@code toneFrom} on. */
    private static String frame(int bytes, int toneFrom, int amplitude) {
        byte[] mulaw = new byte[bytes];
        Arrays.fill(mulaw, MuLaw.SILENCE);
        for (int i = toneFrom; i < bytes; i++) {
            mulaw[i] = MuLaw.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / 8000.0)));
        }
        return Base64.getEncoder().encodeToString(mulaw);
    }

    private static String quiet() {
        return frame(160, 160, 0);
    }

    private static String loud() {
        return frame(160, 0, 8000); // about -15 dBFS
    }

    @Test
    void aLoudFrameCountsUntilItLeavesTheRing() {
        var ring = new RecentCallerAudio(15, AUDIBLE_DBFS);
        List<Boolean> actual = new ArrayList<>();
        actual.add(ring.anyAudible()); // nothing kept yet
        for (int i = 0; i < 15; i++) {
            ring.add(quiet());
        }
        actual.add(ring.anyAudible()); // 15 quiet frames
        ring.add(loud());
        actual.add(ring.anyAudible()); // the loud one is the newest
        for (int i = 0; i < 14; i++) {
            ring.add(quiet());
        }
        actual.add(ring.anyAudible()); // the loud one is the oldest kept
        ring.add(quiet());
        actual.add(ring.anyAudible()); // it has left the ring
        List<Boolean> expected = List.of(false, false, true, true, false);
        System.out.printf("audible after [none, 15 quiet, +1 loud, +14 quiet, +1 quiet]: expected %s, actual %s%n",
                expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void framesOfOtherLengthsAreJudgedOnTheirFirstTwentyMilliseconds() {
        List<Boolean> actual = new ArrayList<>();
        for (String payload : List.of(frame(80, 0, 8000), frame(320, 0, 8000), frame(320, 200, 8000),
                frame(161, 0, 8000), frame(2, 0, 8000))) {
            var ring = new RecentCallerAudio(3, AUDIBLE_DBFS);
            ring.add(payload);
            actual.add(ring.anyAudible());
        }
        // 10 ms loud; 40 ms loud; 40 ms loud only after its first 25 ms; 161 bytes loud; two bytes
        List<Boolean> expected = List.of(true, true, false, true, true);
        System.out.printf("short, long, long loud late, odd length, two bytes: expected %s, actual %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void theThresholdSeparatesLineNoiseFromSpeech() {
        List<Boolean> actual = new ArrayList<>();
        for (int amplitude : List.of(20, 60, 200, 2000)) { // about -67, -58, -47, -27 dBFS
            var ring = new RecentCallerAudio(1, AUDIBLE_DBFS);
            ring.add(frame(160, 0, amplitude));
            actual.add(ring.anyAudible());
        }
        List<Boolean> expected = List.of(false, false, true, true);
        System.out.printf("tone at amplitude 20, 60, 200, 2000 against %s dBFS: expected %s, actual %s%n", AUDIBLE_DBFS,
                expected, actual);
        assertEquals(expected, actual);
    }
}
