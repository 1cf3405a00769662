package dev.callbridge.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Measures what the bridge does to audio when the simulator plays both of its peers in one process: how long each
 * frame takes to cross it each way, and whether any was lost. Calls are matched by call SID (the bridge sends it
 * as {@code X-Client-Request-Id}); frames by their position on the call's audio timeline, which the bridge keeps.
 * Thread-safe.
 */
public final class RelayProbe {
    /** Send times kept per call for inbound frames: 20 s of 20 ms frames, far above any sane latency. */
    private static final int RING = 1024;
    /** The worst latency is kept per window of this length, for a day: where in a run the tail comes from. */
    public static final long WINDOW_SECONDS = 10;
    private static final int WINDOWS = (int) (86_400 / WINDOW_SECONDS);
    /** Caller frames before a speech detection whose latency counts towards {@link #inboundLagSinceSpeechMs}. */
    private static final int LAG_FRAMES = 8;

    private final LongSupplier nanos;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Histogram inboundMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram outboundMicros = new ConcurrentHistogram(60_000_000L, 3);
    /** The same, for the steady phase only (every call up, none ending): the relay without set-up and hang-up. */
    private final Histogram steadyInboundMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final Histogram steadyOutboundMicros = new ConcurrentHistogram(60_000_000L, 3);
    private volatile boolean steady;
    private final AtomicLongArray inboundWorst = new AtomicLongArray(WINDOWS);
    private final AtomicLongArray outboundWorst = new AtomicLongArray(WINDOWS);
    private volatile long startNanos;

    public RelayProbe(LongSupplier nanos) {
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    /**
     * Forgets the latencies measured so far and starts the windows again from now (after a warm-up, so that what
     * follows is measured on its own). Per-call counters are kept: the calls measured so far are still verified.
     */
    public void restartMeasurements() {
        inboundMicros.reset();
        outboundMicros.reset();
        steadyInboundMicros.reset();
        steadyOutboundMicros.reset();
        for (int w = 0; w < WINDOWS; w++) {
            inboundWorst.set(w, 0);
            outboundWorst.set(w, 0);
        }
        startNanos = nanos.getAsLong();
    }

    /** One window of the run that saw a relay latency of at least the threshold asked for. */
    public record Spike(long fromSecond, long inboundWorstMicros, long outboundWorstMicros) {}

    /** The windows, in order, whose worst latency either way reached {@code thresholdMicros}. */
    public java.util.List<Spike> spikes(long thresholdMicros) {
        var spikes = new java.util.ArrayList<Spike>();
        for (int w = 0; w < WINDOWS; w++) {
            long in = inboundWorst.get(w);
            long out = outboundWorst.get(w);
            if (Math.max(in, out) >= thresholdMicros) {
                spikes.add(new Spike(w * WINDOW_SECONDS, in, out));
            }
        }
        return spikes;
    }

    /** The steady phase begins ({@code true}) or ends: latencies measured meanwhile are also kept apart. */
    public void steadyPhase(boolean on) {
        steady = on;
    }

    private void record(Histogram histogram, Histogram steadyHistogram, AtomicLongArray worst, long now, long micros) {
        histogram.recordValue(micros);
        if (steady) {
            steadyHistogram.recordValue(micros);
        }
        int w = (int) Math.min(WINDOWS - 1, (now - startNanos) / 1_000_000_000L / WINDOW_SECONDS);
        worst.accumulateAndGet(w, micros, Math::max);
    }

    /** Per-call counters. */
    public static final class Call {
        final long[] sentAt = new long[RING];
        final AtomicLong framesSent = new AtomicLong();
        final AtomicLong framesStamped = new AtomicLong();
        final AtomicLong inboundMsReceived = new AtomicLong();
        final ConcurrentLinkedQueue<long[]> outboundSent = new ConcurrentLinkedQueue<>();
        final AtomicLong outboundMsSent = new AtomicLong();
        final AtomicLong outboundMsReceived = new AtomicLong();
        final java.util.List<Long> truncations = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        volatile long speechStartedAtNanos = -1;
        final AtomicLong faults = new AtomicLong();
        // Guarded by this: the latest frames' latencies, and the worst since the speech was detected.
        private final long[] recentLagMicros = new long[LAG_FRAMES];
        private int recentLagCount;
        private long lagSinceSpeechMicros = -1;

        synchronized void lag(long micros) {
            recentLagMicros[recentLagCount++ % LAG_FRAMES] = micros;
            if (lagSinceSpeechMicros >= 0) {
                lagSinceSpeechMicros = Math.max(lagSinceSpeechMicros, micros);
            }
        }

        synchronized void speechStarted() {
            long worst = 0;
            for (int i = 0; i < Math.min(recentLagCount, LAG_FRAMES); i++) {
                worst = Math.max(worst, recentLagMicros[i]);
            }
            lagSinceSpeechMicros = worst;
        }

        synchronized long lagSinceSpeechMicros() {
            return lagSinceSpeechMicros;
        }

        /** Faults the Realtime side injected into this call's sessions (drops, expiries, refused connects). */
        public long faults() {
            return faults.get();
        }

        /** {@code audio_end_ms} of every truncate the Realtime side accepted, in order. */
        public java.util.List<Long> truncations() {
            synchronized (truncations) {
                return java.util.List.copyOf(truncations);
            }
        }

        public long framesSent() {
            return framesSent.get();
        }

        public long inboundMsReceived() {
            return inboundMsReceived.get();
        }

        public long outboundMsSent() {
            return outboundMsSent.get();
        }

        public long outboundMsReceived() {
            return outboundMsReceived.get();
        }
    }

    public Call call(String callSid) {
        return calls.computeIfAbsent(callSid, k -> new Call());
    }

    public Map<String, Call> calls() {
        return calls;
    }

    /**
     * The Twilio side is about to send caller frame {@code index} (0-based, 20 ms each). Stamped before the send,
     * because the bridge may relay the frame before the sender's write returns.
     */
    public void frameSending(String callSid, long index) {
        Call c = call(callSid);
        c.sentAt[(int) (index % RING)] = nanos.getAsLong();
        c.framesStamped.set(index + 1);
    }

    /** The frame stamped last was sent. */
    public void frameSent(String callSid) {
        call(callSid).framesSent.incrementAndGet();
    }

    /** The Realtime side received {@code ms} more caller audio; every frame this completes is measured. */
    public void inboundReceived(String callSid, long ms) {
        Call c = call(callSid);
        long before = c.inboundMsReceived.getAndAdd(ms);
        long now = nanos.getAsLong();
        for (long end = (before / 20 + 1) * 20; end <= before + ms; end += 20) {
            long index = end / 20 - 1;
            if (index < c.framesStamped.get()) {
                long micros = Math.max(0, (now - c.sentAt[(int) (index % RING)]) / 1000);
                record(inboundMicros, steadyInboundMicros, inboundWorst, now, micros);
                c.lag(micros);
            }
        }
    }

    /** The Realtime side sent {@code ms} more assistant audio. */
    public void outboundSent(String callSid, long ms) {
        Call c = call(callSid);
        long end = c.outboundMsSent.addAndGet(ms);
        c.outboundSent.add(new long[] {end, nanos.getAsLong()});
    }

    /** The Twilio side received {@code ms} more assistant audio. */
    public void outboundReceived(String callSid, long ms) {
        Call c = call(callSid);
        long end = c.outboundMsReceived.addAndGet(ms);
        long now = nanos.getAsLong();
        long[] head;
        while ((head = c.outboundSent.peek()) != null && head[0] <= end) {
            c.outboundSent.poll();
            record(outboundMicros, steadyOutboundMicros, outboundWorst, now, Math.max(0, (now - head[1]) / 1000));
        }
    }

    /** The Realtime side accepted a truncate of the call's playing item at {@code audioEndMs}. */
    public void truncated(String callSid, long audioEndMs) {
        call(callSid).truncations.add(audioEndMs);
    }

    /** The Realtime side detected the caller's speech (sent {@code input_audio_buffer.speech_started}). */
    public void speechStarted(String callSid) {
        Call c = call(callSid);
        c.speechStartedAtNanos = nanos.getAsLong();
        c.speechStarted();
    }

    /**
     * The worst delay of a caller frame on its way through the bridge to the Realtime side, over the last frames
     * before the call's latest speech detection and every frame since; 0 when none was measured. Twilio's mark
     * echoes travel that path too (the same socket, the same reader), so the bridge learns where the caller's
     * playback is at most this late.
     */
    public long inboundLagSinceSpeechMs(String callSid) {
        return Math.max(0, call(callSid).lagSinceSpeechMicros()) / 1000;
    }

    /** Milliseconds since the Realtime side last detected the caller's speech; -1 when it never did. */
    public long msSinceSpeechStarted(String callSid) {
        long at = call(callSid).speechStartedAtNanos;
        return at < 0 ? -1 : (nanos.getAsLong() - at) / 1_000_000;
    }

    /** Drops the outbound positions of a call whose playback was cleared (they will never arrive). */
    public void outboundCleared(String callSid) {
        call(callSid).outboundSent.clear();
    }

    /** The Realtime side broke one of the call's sessions on purpose. */
    public void fault(String callSid) {
        call(callSid).faults.incrementAndGet();
    }

    public Histogram steadyInboundMicros() {
        return steadyInboundMicros;
    }

    public Histogram steadyOutboundMicros() {
        return steadyOutboundMicros;
    }

    public Histogram inboundMicros() {
        return inboundMicros;
    }

    public Histogram outboundMicros() {
        return outboundMicros;
    }
}
