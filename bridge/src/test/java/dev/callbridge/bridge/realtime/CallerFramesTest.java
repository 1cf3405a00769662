package dev.callbridge.bridge.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue of caller frames kept for a replay: order, text, sent flags, and chunks shared through the pool. */
class CallerFramesTest {
    /** A distinct frame of {@code bytes} μ-law bytes for frame number {@code n}. */
    private static String frame(int n, int bytes) {
        byte[] mulaw = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            mulaw[i] = (byte) (n * 31 + i);
        }
        return Base64.getEncoder().encodeToString(mulaw);
    }

    private static List<String> contents(CallerFrames frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            out.add(frames.timestampMs(i) + "=" + frames.mulawBase64(i));
        }
        return out;
    }

    @Test
    void framesComeBackInOrderAcrossChunksWithTheirTimestampsTextAndSentFlags() {
        var frames = new CallerFrames(new CallerFrames.Pool(8));
        List<String> expected = new ArrayList<>();
        List<Boolean> expectedSent = new ArrayList<>();
        for (int n = 0; n < 70; n++) { // 2.8 chunks
            frames.addLast(n * 20L, frame(n, 160), n % 3 != 0);
            expected.add(n * 20L + "=" + frame(n, 160));
            expectedSent.add(n % 3 != 0);
        }
        List<Boolean> removedSent = new ArrayList<>();
        for (int n = 0; n < 30; n++) { // past the first chunk's end
            removedSent.add(frames.removeFirst());
        }
        System.out.printf("70 frames in, 30 out: expected sent flags out %s%n  actual %s; left expected %d, actual %d%n",
                expectedSent.subList(0, 30), removedSent, 40, frames.size());
        assertEquals(expectedSent.subList(0, 30), removedSent);
        assertEquals(expected.subList(30, 70), contents(frames));
        frames.markSent(0);
        assertEquals(true, frames.removeFirst(), "marked sent");
    }

    @Test
    void framesOfAnotherSizeKeepTheirText() {
        var frames = new CallerFrames(new CallerFrames.Pool(8));
        List<String> sent = List.of(frame(1, 160), frame(2, 80), frame(3, 320), "", frame(4, 160), frame(5, 161));
        for (int n = 0; n < sent.size(); n++) {
            frames.addLast(n, sent.get(n), false);
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            actual.add(frames.mulawBase64(i));
        }
        System.out.printf("20, 10, 40, 0, 20 ms and 161 bytes: expected the text sent back, actual %s%n",
                actual.equals(sent) ? "the same" : actual);
        assertEquals(sent, actual);
    }

    @Test
    void queuesOfOneCallShareChunksAndKeepAtMostTheSpareBound() {
        var pool = new CallerFrames.Pool(3);
        var utterance = new CallerFrames(pool);
        var since = new CallerFrames(pool);
        for (int n = 0; n < 150; n++) { // 3 s: 6 chunks
            utterance.addLast(n * 20L, frame(n, 160), true);
        }
        for (int n = 150; n < 160; n++) {
            since.addLast(n * 20L, frame(n, 160), false);
        }
        var both = new CallerFrames(pool);
        both.addAll(utterance);
        both.addAll(since);
        List<String> expected = new ArrayList<>(contents(utterance));
        expected.addAll(contents(since));
        assertEquals(expected, contents(both), "an utterance then what was said since, in order");
        utterance.clear();
        int spareAfterClear = pool.spare();
        both.clear();
        since.clear();
        System.out.printf("spare chunks after clearing 6, then 7 + 1 more: expected 3, 3; actual %d, %d%n",
                spareAfterClear, pool.spare());
        assertEquals(3, spareAfterClear);
        assertEquals(3, pool.spare());
        since.addLast(0, frame(0, 160), false);
        assertEquals(2, pool.spare(), "a new frame takes a spare chunk");
        assertEquals(0, utterance.size());
        assertThrows(IllegalStateException.class, utterance::removeFirst);
        assertThrows(IndexOutOfBoundsException.class, () -> since.timestampMs(1));
    }
}
