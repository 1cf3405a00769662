package dev.callbridge.simulator.twilio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TwilioCallerTest {
    /** Ticks run at 0, 20, 40 … ms: a player is late only by the ticks that were due and did not run. */
    @Test
    void aPlayerIsLateByTheTicksDueThatDidNotRunBoundedByWhatItHolds() {
        long ms = 1_000_000L;
        long[] actual = {
                TwilioCaller.lateMs(0, 1, 5_000),          // tick 0 ran at once
                TwilioCaller.lateMs(39 * ms, 2, 5_000),    // ticks 0 and 1 ran, tick 2 is due at 40 ms
                TwilioCaller.lateMs(40 * ms, 2, 5_000),    // tick 2 is due now: one frame behind
                TwilioCaller.lateMs(1_000 * ms, 44, 5_000), // 51 due, 44 ran: 140 ms behind
                TwilioCaller.lateMs(1_000 * ms, 44, 60),    // … but it held only 60 ms to play
                TwilioCaller.lateMs(1_000 * ms, 60, 5_000), // ahead of the clock (cannot happen): not late
        };
        long[] expected = {0, 0, 20, 140, 60, 0};
        System.out.println("player late: expected " + Arrays.toString(expected) + " ms, actual " + Arrays.toString(actual));
        assertArrayEquals(expected, actual);
    }
}
