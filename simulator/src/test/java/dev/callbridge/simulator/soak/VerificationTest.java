package dev.callbridge.simulator.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerificationTest {
    /** The bridge cuts somewhere between the speech detection and the clear's arrival; outside that is an error. */
    @Test
    void aTruncateIsMeasuredAgainstWhatWasHeardWhileTheBridgeDecided() {
        // heard 1680 ms when the clear arrived, 150 ms after the speech was detected: the window is 1530–1680 ms
        assertEquals(0, Verification.truncateErrorMs(1534, 1680, 150));
        assertEquals(0, Verification.truncateErrorMs(1680, 1680, 150));
        assertEquals(30, Verification.truncateErrorMs(1500, 1680, 150), "cut before the caller could have heard it");
        assertEquals(20, Verification.truncateErrorMs(1700, 1680, 150), "cut later than anything the caller heard");
        // no latency known: the arrival alone, as |truncation - heard|
        assertEquals(146, Verification.truncateErrorMs(1534, 1680, -1));
        assertEquals(0, Verification.truncateErrorMs(0, 50, 200), "the window never starts below 0");
    }
}
