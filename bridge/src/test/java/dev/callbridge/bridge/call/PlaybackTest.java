package dev.callbridge.bridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaybackTest {
    @Test
    void marksTellWhatWasHeardAndACutNeverClaimsMoreThanWasSent() {
        Playback p = new Playback();
        assertTrue(p.generated("item_1", 100));
        assertEquals("item_1:100", p.sent("item_1", 100));
        assertTrue(p.generated("item_1", 100));
        assertEquals("item_1:200", p.sent("item_1", 100));
        assertEquals(Optional.of("item_1"), p.playing());

        assertTrue(p.onMark("item_1:100"));
        assertFalse(p.onMark("item_1:999x"), "malformed");
        assertFalse(p.onMark("other:50"), "foreign item");
        assertTrue(p.onMark("item_1:5000"), "a mark past what was sent");
        // Clamped to what was sent, so a truncate can never ask for more audio than exists.
        long heard = p.cut("item_1");
        System.out.printf("heard after marks 100 and a bogus 5000: expected 200, actual %d%n", heard);
        assertEquals(200, heard);
    }

    @Test
    void marksEchoedAfterAClearAreStale() {
        Playback p = new Playback();
        p.generated("item_1", 300);
        p.sent("item_1", 300);
        p.onMark("item_1:100");
        assertEquals(100, p.cut("item_1"));
        assertFalse(p.onMark("item_1:300"), "Twilio echoes pending marks on clear; that audio never played");
        assertFalse(p.generated("item_1", 100), "late deltas of a cut item are dropped");
        assertEquals(Optional.empty(), p.playing());
        assertEquals(100.0 / 400, p.heardFraction("item_1"));
    }

    @Test
    void nothingIsPlayingOnceEveryMarkCameBack() {
        Playback p = new Playback();
        p.generated("item_1", 100);
        p.sent("item_1", 100);
        p.onMark("item_1:100");
        assertEquals(Optional.empty(), p.playing());
    }
}
