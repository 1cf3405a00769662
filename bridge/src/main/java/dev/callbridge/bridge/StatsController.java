package dev.callbridge.bridge;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.mail.MailPipeline;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /stats}: call and mail counters and heap use, for the simulator's soak report and for operators. */
@RestController
public final class StatsController {
    private final CallRegistry registry;
    private final MailPipeline mail;

    public StatsController(CallRegistry registry, MailPipeline mail) {
        this.registry = registry;
        this.mail = mail;
    }

    @GetMapping("/stats")
    public Map<String, Long> stats() {
        Map<String, Long> stats = new TreeMap<>(registry.snapshot());
        stats.putAll(mail.stats());
        Runtime rt = Runtime.getRuntime();
        stats.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        stats.put("heapCommittedBytes", rt.totalMemory());
        return stats;
    }
}
