package dev.callbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The probe's latencies on a fake clock: the histograms and the windows where the tail came from. */
class RelayProbeTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RelayProbe probe = new RelayProbe(now::get);

    private void advanceMs(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void aStallShowsInItsOwnWindowOnly() {
        // Frame 0 crosses in 2 ms at t=0; frame 1 is sent at t=25 s and arrives 300 ms later.
        probe.frameSending("CA1", 0);
        probe.frameSent("CA1");
        advanceMs(2);
        probe.inboundReceived("CA1", 20);
        advanceMs(25_000 - 2);
        probe.frameSending("CA1", 1);
        probe.frameSent("CA1");
        advanceMs(300);
        probe.inboundReceived("CA1", 20);
        // Assistant audio: 40 ms sent at 25.3 s, heard 60 ms later.
        probe.outboundSent("CA1", 40);
        advanceMs(60);
        probe.outboundReceived("CA1", 40);

        List<RelayProbe.Spike> spikes = probe.spikes(50_000);
        System.out.println("windows with ≥ 50 ms: expected [t=20 s: in 300 ms, out 60 ms], actual " + spikes);
        assertEquals(List.of(new RelayProbe.Spike(20, 300_000, 60_000)), spikes);
        assertEquals(2, probe.inboundMicros().getTotalCount());
        assertEquals(2_000, probe.inboundMicros().getValueAtPercentile(50), 2);
        assertEquals(List.of(), probe.spikes(400_000));
    }
}
