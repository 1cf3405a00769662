package dev.callbridge.bridge.models;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks OpenAI when each configured model shuts down: once at start-up, where a retired or unknown model stops the
 * bridge ({@link RetiredModelException}), then every interval while it runs, where one shutting down soon is warned
 * about (once a check, so once a day by default). A check that gets no answer logs one line and changes nothing:
 * it must never stop a bridge that OpenAI itself would serve. Today is the clock's date in UTC.
 * <p>
 * Thread-safety: the checks run on the caller's thread (start-up) or this object's scheduler thread; the latest
 * report is published through a volatile field.
 */
public final class ModelCheck implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);

    private final List<ModelUse> uses;
    private final Function<String, ModelLookup> catalog;
    private final ModelLifecycle lifecycle;
    private final Clock clock;
    private volatile ModelLifecycle.Report latest;
    private ScheduledExecutorService scheduler;

    public ModelCheck(List<ModelUse> uses, Function<String, ModelLookup> catalog, ModelLifecycle lifecycle, Clock clock) {
        this.uses = List.copyOf(uses);
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** The start-up check: throws when a model is retired or unknown; warns of those retiring soon. */
    public ModelLifecycle.Report atStartUp() {
        ModelLifecycle.Report report = check();
        if (!report.fatal().isEmpty()) {
            report.fatal().forEach(f -> log.error(f.line()));
            throw new RetiredModelException(report.fatal());
        }
        List<String> fine = report.findings().stream().filter(f -> f instanceof ModelFinding.Current)
                .map(f -> f.use().toString()).toList();
        if (!fine.isEmpty()) {
            log.info("models current: {}", String.join(", ", fine));
        }
        return report;
    }

    /** One check as it runs every interval: logs what it found; a model retired meanwhile is an error, not a stop. */
    public ModelLifecycle.Report check() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, ModelLookup> lookups = lookUp();
        var findings = new ArrayList<ModelFinding>();
        for (ModelUse use : uses) {
            findings.add(lifecycle.judge(use, lookups.get(use.model()), today));
        }
        var report = new ModelLifecycle.Report(today, findings);
        report.retiring().forEach(f -> log.warn(f.line()));
        if (!report.unchecked().isEmpty()) {
            log.warn("model check: OpenAI could not be asked about {} ({}); carrying on",
                    String.join(", ", report.unchecked().stream().map(u -> u.use().model()).distinct().toList()),
                    report.unchecked().getFirst().why());
        }
        if (latest != null) {
            report.fatal().forEach(f -> log.error("{} Calls will fail until it is changed.", f.line()));
        }
        latest = report;
        return report;
    }

    /** Every model looked up once, in parallel (each lookup has its own timeout). */
    private Map<String, ModelLookup> lookUp() {
        Map<String, Future<ModelLookup>> pending = new LinkedHashMap<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ModelUse use : uses) {
                pending.computeIfAbsent(use.model(), m -> executor.submit(() -> catalog.apply(m)));
            }
            Map<String, ModelLookup> lookups = new LinkedHashMap<>();
            for (var e : pending.entrySet()) {
                lookups.put(e.getKey(), result(e.getValue()));
            }
            return lookups;
        }
    }

    private static ModelLookup result(Future<ModelLookup> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ModelLookup.Unreachable("interrupted");
        } catch (ExecutionException e) {
            return new ModelLookup.Unreachable(String.valueOf(e.getCause()));
        }
    }

    /** The last check's report; empty before the first. */
    public Optional<ModelLifecycle.Report> latest() {
        return Optional.ofNullable(latest);
    }

    /** Checks again every {@code interval} on a daemon thread of its own, until closed. */
    public synchronized void repeatEvery(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("already repeating");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-check");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("model check failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
