package dev.callbridge.bridge.call;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The calls in progress, voice and text, and process-wide counters (read by {@code GET /stats}). Thread-safe. */
public final class CallRegistry {
    private final Map<String, ActiveCall> active = new ConcurrentHashMap<>();
    private volatile boolean draining;
    private final LongAdder started = new LongAdder();
    private final LongAdder textStarted = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    /** Per-call counters summed over finished calls under the same name. */
    private static final List<String> SUMMED = List.of("framesIn", "framesOut", "unrecognizedRealtime",
            "realtimeLost", "realtimeReconnects", "realtimeRollovers", "apologies", "callerFramesDroppedInGap",
            "turnsReadFromJournal");
    private final Map<String, LongAdder> sums = new ConcurrentHashMap<>();

    /** A call in progress, as the registry can end it. */
    public interface ActiveCall {
        /** Ends the call now: sockets close with {@code status} and {@code reason}, the transcript is mailed. */
        void end(int status, String reason);
    }

    /** A call started; {@code key} is unique among active calls (e.g. its socket's id with a prefix). */
    public void started(String key, boolean text, ActiveCall call) {
        active.put(key, call);
        started.increment();
        if (text) {
            textStarted.increment();
        }
    }

    /** A call ended, with its own counters; a key not started (or already ended) is ignored. */
    public void ended(String key, boolean failure, Map<String, Long> counters) {
        if (active.remove(key) == null) {
            return;
        }
        ended.increment();
        if (failure) {
            failed.increment();
        }
        for (String name : SUMMED) {
            sums.computeIfAbsent(name, n -> new LongAdder()).add(counters.getOrDefault(name, 0L));
        }
        dropped.add(counters.getOrDefault("droppedToRealtime", 0L) + counters.getOrDefault("droppedToTwilio", 0L));
    }

    /** The bridge is shutting down: the voice webhook turns new calls away. */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Waits until no call is active or {@code timeout} has passed; true when none is left. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return active.isEmpty();
    }

    /** Ends every call still active (each is mailed as it ends); returns how many there were. */
    public int endAll(int status, String reason) {
        List<ActiveCall> calls = List.copyOf(active.values());
        calls.forEach(c -> c.end(status, reason));
        return calls.size();
    }

    /** Streams in progress now. */
    public int activeCount() {
        return active.size();
    }

    /** A call turned away at the webhook because the bridge was full. */
    public void refused() {
        refused.increment();
    }

    /** Counters of finished calls, plus the number active now. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>(Map.of("activeCalls", (long) active.size(), "callsStarted", started.sum(),
                "callsEnded", ended.sum(), "callsFailed", failed.sum(), "dropped", dropped.sum(),
                "callsRefused", refused.sum(), "textCallsStarted", textStarted.sum()));
        for (String name : SUMMED) {
            snapshot.put(name, sums.containsKey(name) ? sums.get(name).sum() : 0L);
        }
        return snapshot;
    }
}
