package dev.callbridge.bridge;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.mail.MailPipeline;
import dev.callbridge.bridge.models.ModelCheck;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /stats}: call and mail counters and heap use, for the simulator's soak report and for operators. */
@RestController
public final class StatsController {
    private final CallRegistry registry;
    private final MailPipeline mail;
    private final CallJournal journal;
    private final ModelCheck models;

    public StatsController(CallRegistry registry, MailPipeline mail, CallJournal journal, ModelCheck models) {
        this.registry = registry;
        this.mail = mail;
        this.journal = journal;
        this.models = models;
    }

    @GetMapping("/stats")
    public Map<String, Long> stats() {
        Map<String, Long> stats = new TreeMap<>(registry.snapshot());
        stats.putAll(mail.stats());
        stats.put("diskBacklog", (long) journal.backlog());
        // The latest model check: models shutting down within the warning window, and retired since start-up.
        models.latest().ifPresent(r -> {
            stats.put("modelsRetiringSoon", (long) r.retiring().size());
            stats.put("modelsRetired", (long) r.fatal().size());
            stats.put("modelsUnchecked", (long) r.unchecked().size());
        });
        Runtime rt = Runtime.getRuntime();
        stats.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        stats.put("heapCommittedBytes", rt.totalMemory());
        stats.put("heapAfterGcBytes", heapAfterLastCollection());
        return stats;
    }

    /**
     * Heap in use right after each pool's last collection. The old generation's share is as of its last full
     * collection, which a run of minutes may never have: then this stays at its start-up value whatever the calls
     * keep, so it shows a leak only once a full collection has run (a live-heap check forces one: {@code jcmd <pid>
     * GC.class_histogram}).
     */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        return used;
    }
}
