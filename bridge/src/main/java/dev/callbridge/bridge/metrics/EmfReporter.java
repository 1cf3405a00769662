package dev.callbridge.bridge.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reports the bridge's active calls as a CloudWatch metric in the Embedded Metric Format: one JSON line on stdout a
 * minute, which CloudWatch Logs (the container's log driver) turns into the metric {@code <namespace>/ActiveCalls}
 * with dimension {@code Environment}. The ECS service scales on its average per task. No AWS call, no SDK.
 */
public final class EmfReporter implements AutoCloseable {
    public static final String ACTIVE_CALLS = "ActiveCalls";

    private final String namespace;
    private final String environment;
    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("emf-metrics").factory());

    public EmfReporter(String namespace, String environment, Clock clock) {
        this.namespace = namespace;
        this.environment = environment;
        this.clock = clock;
    }

    /** One EMF record of the counters that matter for scaling. */
    public String line(Map<String, Long> stats) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws").put("Timestamp", clock.millis());
        ObjectNode metrics = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", namespace);
        metrics.putArray("Dimensions").addArray().add("Environment");
        metrics.putArray("Metrics").addObject().put("Name", ACTIVE_CALLS).put("Unit", "Count");
        root.put("Environment", environment).put(ACTIVE_CALLS, stats.getOrDefault("activeCalls", 0L));
        return Json.write(root);
    }

    /** Prints a record every {@code interval} to {@code out} (stdout in production). */
    public void start(Supplier<Map<String, Long>> stats, Duration interval, PrintStream out) {
        timer.scheduleAtFixedRate(() -> out.println(line(stats.get())), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
