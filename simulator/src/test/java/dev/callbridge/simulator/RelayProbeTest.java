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

    @Test
    void theSteadyPhaseIsKeptApartAndARestartForgetsTheWarmUp() {
        // Before the steady phase: a 900 ms stall (a call being set up).
        crossInbound("CA1", 0, 900);
        probe.steadyPhase(true);
        crossInbound("CA1", 1, 3);
        crossInbound("CA1", 2, 5);
        probe.steadyPhase(false);
        // After it: another stall (calls hanging up).
        crossInbound("CA1", 3, 700);
        long steadyP99 = probe.steadyInboundMicros().getValueAtPercentile(99);
        System.out.printf("steady phase: expected 2 frames, worst 5 ms; actual %d frames, worst %.1f ms (whole run: %d frames, worst %.0f ms)%n",
                probe.steadyInboundMicros().getTotalCount(), steadyP99 / 1000.0, probe.inboundMicros().getTotalCount(),
                probe.inboundMicros().getMaxValue() / 1000.0);
        assertEquals(2, probe.steadyInboundMicros().getTotalCount());
        assertEquals(5_000, steadyP99, 5);
        assertEquals(4, probe.inboundMicros().getTotalCount());

        advanceMs(40_000);
        probe.restartMeasurements();
        crossInbound("CA1", 4, 2);
        System.out.printf("after a restart: expected 1 frame and no window ≥ 50 ms; actual %d frame(s), windows %s; call counters kept: %d ms received%n",
                probe.inboundMicros().getTotalCount(), probe.spikes(50_000), probe.call("CA1").inboundMsReceived());
        assertEquals(1, probe.inboundMicros().getTotalCount());
        assertEquals(0, probe.steadyInboundMicros().getTotalCount());
        assertEquals(List.of(), probe.spikes(50_000));
        assertEquals(100, probe.call("CA1").inboundMsReceived());
    }

    /** Caller frame {@code index} is sent now and reaches the Realtime side {@code ms} later. */
    @Test
    void theLagAtASpeechDetectionIsTheWorstOfTheLastFramesBeforeItAndAllSince() {
        long index = 0;
        assertEquals(0, probe.inboundLagSinceSpeechMs("CA1"), "no speech detected yet");
        crossInbound("CA1", index++, 90); // nine frames before the detection: too old to count
        for (long ms : new long[] {3, 4, 60, 2, 5, 3, 2, 4}) {
            crossInbound("CA1", index++, ms);
        }
        probe.speechStarted("CA1");
        long atDetection = probe.inboundLagSinceSpeechMs("CA1");
        crossInbound("CA1", index++, 76);
        long afterIt = probe.inboundLagSinceSpeechMs("CA1");
        probe.speechStarted("CA1"); // the next detection looks back at its own last frames
        crossInbound("CA1", index++, 1);
        long nextDetection = probe.inboundLagSinceSpeechMs("CA1");
        System.out.printf("inbound lag: expected 60 ms at the detection, 76 ms after a late frame, 76 ms at the next "
                + "detection; actual %d, %d, %d%n", atDetection, afterIt, nextDetection);
        assertEquals(List.of(60L, 76L, 76L), List.of(atDetection, afterIt, nextDetection));
    }

    private void crossInbound(String callSid, long index, long ms) {
        probe.frameSending(callSid, index);
        probe.frameSent(callSid);
        advanceMs(ms);
        probe.inboundReceived(callSid, 20);
    }
}
