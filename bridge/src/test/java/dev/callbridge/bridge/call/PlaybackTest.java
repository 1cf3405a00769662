package dev.callbridge.bridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The truncate arithmetic, on a fake ticker. */
class PlaybackTest {
    private long nowNanos = 1_000_000_000L;
    private final Playback playback = new Playback(() -> nowNanos);

    private void advanceMs(long ms) {
        nowNanos += ms * 1_000_000;
    }

    private void send(String item, long ms) {
        playback.generated(item, ms);
        playback.sent(item, ms);
    }

    @Test
    void betweenMarksThePositionAdvancesInRealTime() {
        send("item_1", 100);
        send("item_1", 100);
        send("item_1", 100); // 300 ms queued at Twilio at t=0
        advanceMs(130);
        long heard = playback.cut("item_1");
        System.out.printf("no mark yet, 130 ms after the first audio: expected 130, actual %d%n", heard);
        assertEquals(130, heard);
    }

    @Test
    void aLateMarkResetsTheEstimateAndTheEstimateNeverPassesWhatWasSent() {
        send("item_1", 100);
        send("item_1", 100);
        advanceMs(150);
        assertTrue(playback.onMark("item_1:100")); // late: it played at 100 ms, confirmed at 150
        advanceMs(30);
        assertEquals(Optional.of("item_1"), playback.playing());
        advanceMs(500); // far beyond the 200 ms that exist
        long heard = playback.cut("item_1");
        System.out.printf("estimate after 680 ms with 200 ms sent: expected 200, actual %d%n", heard);
        assertEquals(200, heard);
    }

    @Test
    void marksOutOfOrderOrBogusNeverMoveThePositionBackOrPastTheAudio() {
        send("item_1", 100);
        send("item_1", 100);
        advanceMs(200);
        assertTrue(playback.onMark("item_1:200"));
        assertTrue(playback.onMark("item_1:100")); // older, out of order: no effect
        assertTrue(playback.onMark("item_1:5000")); // past what was sent: clamped
        assertFalse(playback.onMark("item_1:99x"));
        assertFalse(playback.onMark("other:50"));
        assertEquals(Optional.empty(), playback.playing(), "everything sent has played");
    }

    @Test
    void marksEchoedByAClearAreStaleAndLateDeltasAreDropped() {
        send("item_1", 300);
        advanceMs(120);
        long heard = playback.cut("item_1"); // speech_started → clear, truncate
        assertEquals(120, heard);
        assertFalse(playback.onMark("item_1:300"), "Twilio echoes pending marks on clear; that audio never played");
        assertFalse(playback.generated("item_1", 100), "late deltas of a cut item are dropped");
        assertEquals(Optional.empty(), playback.playing());
        System.out.printf("heard share: expected %.3f, actual %.3f%n", 120.0 / 400, playback.heardFraction("item_1"));
        assertEquals(120.0 / 400, playback.heardFraction("item_1"), 1e-9);
    }

    @Test
    void aNewItemIsTrackedOnItsOwn() {
        send("item_1", 100);
        advanceMs(100);
        playback.onMark("item_1:100");
        send("item_2", 100);
        advanceMs(40);
        assertEquals(Optional.of("item_2"), playback.playing());
        assertEquals(40, playback.cut("item_2"));
    }

    @Test
    void forgettingKeepsOnlyTheItemTwilioMayStillBePlaying() {
        send("item_1", 300);
        advanceMs(100);
        playback.cut("item_1");
        send("item_2", 200);
        send("item_3", 500); // the latest reply, the only one Twilio may still be playing
        playback.forgetAllButCurrent();
        advanceMs(50);
        List<Object> actual = List.of(playback.cutItems(), playback.sentMs("item_1"), playback.sentMs("item_2"),
                playback.playing());
        System.out.println("after forgetting: expected [[], 0, 0, Optional[item_3]], actual " + actual);
        assertEquals(List.of(List.of(), 0L, 0L, Optional.of("item_3")), actual);
    }
}
