package dev.callbridge.bridge.call;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The calls in progress, voice and text, and process-wide counters (read by {@code GET /stats}). Thread-safe. */
public final class CallRegistry {
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final LongAdder started = new LongAdder();
    private final LongAdder textStarted = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unrecognized = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** A call started; {@code key} is unique among active calls (e.g. its socket's id with a prefix). */
    public void started(String key, boolean text) {
        active.add(key);
        started.increment();
        if (text) {
            textStarted.increment();
        }
    }

    /** A call ended, with its own counters; a key not started (or already ended) is ignored. */
    public void ended(String key, boolean failure, Map<String, Long> counters) {
        if (!active.remove(key)) {
            return;
        }
        ended.increment();
        if (failure) {
            failed.increment();
        }
        framesIn.add(counters.getOrDefault("framesIn", 0L));
        framesOut.add(counters.getOrDefault("framesOut", 0L));
        dropped.add(counters.getOrDefault("droppedToRealtime", 0L) + counters.getOrDefault("droppedToTwilio", 0L));
        unrecognized.add(counters.getOrDefault("unrecognizedRealtime", 0L));
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
        return Map.of("activeCalls", (long) active.size(), "callsStarted", started.sum(), "callsEnded", ended.sum(),
                "callsFailed", failed.sum(), "framesIn", framesIn.sum(), "framesOut", framesOut.sum(),
                "dropped", dropped.sum(), "unrecognizedRealtime", unrecognized.sum(), "callsRefused", refused.sum(), "textCallsStarted", textStarted.sum());
    }
}
