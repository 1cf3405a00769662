package dev.callbridge.bridge;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.mail.MailPipeline;
import dev.callbridge.bridge.models.ModelCheck;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /stats}: call and mail counters and heap use, for the simulator's soak report and for operators. Not
 * public: with {@code callbridge.stats.token} set it asks for {@code Authorization: Bearer <token>}; without one it
 * answers only requests made on this machine (loopback, and not forwarded by a proxy). {@code GET /health} is the
 * open check a load balancer needs, and says nothing else.
 */
@RestController
public final class StatsController {
    private final CallRegistry registry;
    private final MailPipeline mail;
    private final CallJournal journal;
    private final ModelCheck models;
    private final BearerToken token;

    public StatsController(CallRegistry registry, MailPipeline mail, CallJournal journal, ModelCheck models,
                           BridgeProperties properties) {
        this.registry = registry;
        this.mail = mail;
        this.journal = journal;
        this.models = models;
        this.token = new BearerToken(properties.stats().token());
    }

    /** For load balancers: 200 while the bridge serves; no figures. */
    @GetMapping(value = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public String health() {
        return "{\"status\":\"UP\"}";
    }

    @GetMapping("/stats")
    public ResponseEntity<Map<String, Long>> stats(HttpServletRequest request) {
        if (token.configured()) {
            if (!token.admits(request.getHeader("Authorization"))) {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer").build();
            }
        } else if (!fromThisMachine(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return ResponseEntity.ok(figures());
    }

    /** A request made on this machine: from loopback, and not relayed by a proxy (which would add its headers). */
    private static boolean fromThisMachine(HttpServletRequest request) {
        boolean proxied = request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null;
        try {
            return !proxied && InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private Map<String, Long> figures() {
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
