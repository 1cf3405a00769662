package dev.callbridge.simulator.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs N simulated calls (voice or text) in parallel through a bridge, then verifies every call's mail and prints
 * the report:
 * expected against actual, relay latency percentiles each way, the bridge's CPU seconds per call-minute and
 * resident memory per call, memory samples over the run, and a one-line JSON summary.
 */
public final class SoakRunner {
    /** A window whose worst relay latency reaches this is listed in the report (the p99 target is 5 ms). */
    private static final long SPIKE_MICROS = 50_000;
    /**
     * @param ramp calls start evenly spread over this time
     * @param outbox where the bridge's mails land; empty for a deployed bridge whose mails go out by SES (then only
     *               the calls themselves are checked, and the report says so)
     * @param mailWait how long to wait for the last mails after the calls end
     * @param killBridgeAfter kill the launched bridge with SIGKILL this long into the run and start it again: the
     *                        calls it was carrying must still be mailed, recovered from their journals
     */
    public record Plan(int calls, Duration minDuration, Duration ramp, long seed, long runId, Optional<Path> outbox,
                       Duration mailWait, String label, Optional<Duration> killBridgeAfter, Optional<RelayFloor> floor) {}

    /** Makes the {@code index}-th call of a run: a Media Streams caller or a ConversationRelay one. */
    public interface CallMaker {
        Callable<CallResult> call(int index, String callSid, long seed);
    }

    private final Plan plan;
    private final CallMaker maker;
    private final BridgeProcess bridge;
    private final Optional<RelayProbe> probe;
    private final PrintStream out;

    public SoakRunner(Plan plan, CallMaker maker, BridgeProcess bridge, Optional<RelayProbe> probe, PrintStream out) {
        this.plan = plan;
        this.maker = maker;
        this.bridge = bridge;
        this.probe = probe;
        this.out = out;
    }

    /** The outcome: verdicts and the summary line. */
    public record Outcome(List<Verification.Verdict> verdicts, ObjectNode summary) {
        public boolean passed() {
            return verdicts.stream().allMatch(Verification.Verdict::passed);
        }
    }

    public Outcome run() throws InterruptedException, IOException {
        OptionalLong idleRss = bridge.rssBytes();
        var cpuStart = bridge.cpu();
        List<String> samples = new ArrayList<>();
        long[] peakRss = {idleRss.orElse(0)};
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        long t0 = System.nanoTime();
        sampler.scheduleAtFixedRate(() -> {
            long rss = bridge.rssBytes().orElse(0);
            peakRss[0] = Math.max(peakRss[0], rss);
            String heap = bridge.stats().map(Json::parseObject).map(s -> s.path("heapAfterGcBytes").asLong() / 1_048_576
                    + " MiB, active calls " + s.path("activeCalls").asLong()).orElse("?");
            String line = String.format(Locale.ROOT, "t=%4ds rss=%d MiB heapAfterGc=%s", (System.nanoTime() - t0) / 1_000_000_000L,
                    rss / 1_048_576, heap);
            samples.add(line);
            out.println("  sample " + line);
        }, 10, 30, TimeUnit.SECONDS);

        // Steady state: every call up (10 s after the ramp), no call ending yet (10 s before the first call, started
        // at t=0, may hang up).
        BridgeProcess.CpuTime[] steadyCpu = new BridgeProcess.CpuTime[2]; // at its start and at its end, if read
        long[] steadyNanos = new long[2];
        long[] steadyRss = new long[2]; // at its start (every call up) and at its end
        long settle = plan.ramp().toMillis() + 10_000;
        long window = plan.minDuration().toMillis() - 10_000 - settle;
        if (window >= 10_000) {
            sampler.schedule(() -> {
                steadyCpu[0] = bridge.cpu().orElse(null);
                steadyNanos[0] = System.nanoTime();
                steadyRss[0] = bridge.rssBytes().orElse(0);
                probe.ifPresent(p -> p.steadyPhase(true));
            }, settle, TimeUnit.MILLISECONDS);
            sampler.schedule(() -> {
                steadyCpu[1] = bridge.cpu().orElse(null);
                steadyNanos[1] = System.nanoTime();
                steadyRss[1] = bridge.rssBytes().orElse(0);
                probe.ifPresent(p -> p.steadyPhase(false));
            }, settle + window, TimeUnit.MILLISECONDS);
        }
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        Set<String> killed = ConcurrentHashMap.newKeySet(); // carried at the kill, or placed while the bridge was down
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        // On a thread of its own: the calls it breaks end at once, and the restart must not be cut short by the end
        // of the run; verification waits for it.
        Thread killer = plan.killBridgeAfter().map(after -> Thread.ofVirtual().name("bridge-killer").start(() -> {
            try {
                Thread.sleep(after.toMillis());
                down.set(true);
                killed.addAll(inFlight);
                long awayMs = bridge.killAndRestart();
                down.set(false);
                out.printf("  KILLED the bridge with SIGKILL at t=%ds carrying %d calls; it answered again after %d ms%n",
                        (System.nanoTime() - t0) / 1_000_000_000L, killed.size(), awayMs);
            } catch (Exception e) {
                out.println("  the bridge could not be restarted after the kill: " + e);
            }
        })).orElse(null);
        out.printf("soak %s: %d calls, each at least %s, ramp %s, bridge %s%n", plan.label(), plan.calls(),
                plan.minDuration(), plan.ramp(), bridge.url());
        List<Future<CallResult>> futures = new ArrayList<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.calls(); i++) {
                String callSid = String.format(Locale.ROOT, "CA%016x%016x", plan.runId(), i);
                Callable<CallResult> call = maker.call(i, callSid, plan.seed() + i);
                futures.add(calls.submit(() -> {
                    inFlight.add(callSid);
                    if (down.get()) {
                        killed.add(callSid);
                    }
                    try {
                        return call.call();
                    } finally {
                        inFlight.remove(callSid);
                    }
                }));
                if (plan.calls() > 1) {
                    Thread.sleep(plan.ramp().toMillis() / (plan.calls() - 1));
                }
            }
        }
        long callsEnded = System.nanoTime();
        var cpuEnd = bridge.cpu();
        List<CallResult> results = new ArrayList<>();
        for (Future<CallResult> f : futures) {
            try {
                results.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a simulated call crashed", e.getCause());
            }
        }
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS); // what its tasks wrote is visible from here on
        if (killer != null) {
            killer.join();
        }

        List<MailReader.SummaryMail> duplicates = new ArrayList<>();
        Map<String, MailReader.SummaryMail> mails = waitForMails(results, duplicates);
        List<Verification.Verdict> verdicts = results.stream().map(r -> plan.outbox().isEmpty()
                ? new Verification.Verdict(r.callSid(), r.problems())
                : killed.contains(r.callSid()) ? Verification.verifyKilled(r, mails)
                : Verification.verify(r, mails, probe)).toList();

        double callMinutes = results.stream().mapToLong(r -> r.length().toMillis()).sum() / 60_000.0;
        // After a kill the process and its CPU clock are new: no CPU figure.
        Optional<Double> cpuPerCallMinute = cpuStart.isPresent() && cpuEnd.isPresent() && callMinutes > 0 && killed.isEmpty()
                ? Optional.of(cpuEnd.get().minus(cpuStart.get()).total() / callMinutes) : Optional.empty();
        ObjectNode summary = summarise(results, verdicts, mails, duplicates, callMinutes, cpuPerCallMinute, idleRss,
                peakRss[0], (callsEnded - t0) / 1e9);
        if (plan.killBridgeAfter().isPresent()) {
            summary.put("callsCarriedAtKill", killed.size()).put("killedCallsMailed",
                    killed.stream().filter(mails::containsKey).count());
        }
        probe.ifPresent(p -> summary.put("faultsInjected", p.calls().values().stream().mapToLong(RelayProbe.Call::faults).sum()));
        if (steadyCpu[0] != null && steadyCpu[1] != null && killed.isEmpty()) {
            double callMinutesSteady = (steadyNanos[1] - steadyNanos[0]) / 60e9 * plan.calls();
            BridgeProcess.CpuTime used = steadyCpu[1].minus(steadyCpu[0]);
            plan.floor().ifPresent(f -> summary.put("relayFloorCpuSecondsPerCallMinute", f.cpuSecondsPerCallMinute())
                    .put("bridgeSteadyCpuOverFloor", round(f.ratio(used.total() / callMinutesSteady))));
            summary.put("bridgeSteadyCpuSecondsPerCallMinute", round(used.total() / callMinutesSteady))
                    .put("bridgeSteadyUserCpuSecondsPerCallMinute", round(used.user() / callMinutesSteady))
                    .put("bridgeSteadySystemCpuSecondsPerCallMinute", round(used.system() / callMinutesSteady));
        }
        // Memory the calls occupy once all are up, apart from what grows with time (compiled code, the mail path
        // at the hang-ups), which the peak-based figure includes.
        if (steadyRss[0] > 0 && steadyRss[1] > 0 && idleRss.isPresent() && killed.isEmpty()) {
            summary.put("bridgeRssKiBPerCallSteady", (steadyRss[0] - idleRss.getAsLong()) / 1024 / plan.calls())
                    .put("bridgeRssGrowthKiBInSteady", (steadyRss[1] - steadyRss[0]) / 1024);
        }
        print(results, verdicts, samples, summary);
        return new Outcome(verdicts, summary);
    }

    private Map<String, MailReader.SummaryMail> waitForMails(List<CallResult> results,
                                                              List<MailReader.SummaryMail> duplicates)
            throws IOException, InterruptedException {
        if (plan.outbox().isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + plan.mailWait().toNanos();
        while (true) {
            duplicates.clear();
            Map<String, MailReader.SummaryMail> mails = MailReader.readAll(plan.outbox().get(), duplicates);
            boolean all = results.stream().allMatch(r -> mails.containsKey(r.callSid()));
            if (all || System.nanoTime() > deadline) {
                return mails;
            }
            Thread.sleep(250);
        }
    }

    private ObjectNode summarise(List<CallResult> results, List<Verification.Verdict> verdicts,
                                 Map<String, MailReader.SummaryMail> mails, List<MailReader.SummaryMail> duplicates,
                                 double callMinutes, Optional<Double> cpuPerCallMinute, OptionalLong idleRss,
                                 long peakRss, double seconds) {
        ObjectNode s = Json.object().put("label", plan.label()).put("calls", results.size())
                .put("passed", verdicts.stream().filter(Verification.Verdict::passed).count())
                .put("mails", results.stream().filter(r -> mails.containsKey(r.callSid())).count())
                .put("duplicateMails", duplicates.size())
                .put("turnsExpected", results.stream().mapToInt(r -> r.expected().size()).sum())
                .put("framesSent", results.stream().mapToLong(CallResult::framesSent).sum())
                .put("callMinutes", round(callMinutes)).put("wallSeconds", round(seconds));
        probe.ifPresent(p -> {
            long worst = 0;
            long playerLate = 0;
            long inboundLag = 0;
            int truncates = 0;
            for (CallResult r : results) {
                List<Long> t = p.call(r.callSid()).truncations();
                truncates += t.size();
                for (int i = 0; i < Math.min(t.size(), r.clears().size()); i++) {
                    worst = Math.max(worst, Verification.truncateErrorMs(t.get(i), r.clears().get(i)));
                    playerLate = Math.max(playerLate, r.clears().get(i).playerLateMs());
                    inboundLag = Math.max(inboundLag, r.clears().get(i).inboundLagMs());
                }
            }
            s.put("bargeIns", truncates).put("truncateWorstErrorMs", worst).put("playerLateAtClearWorstMs", playerLate)
                    .put("inboundLagAtClearWorstMs", inboundLag);
            percentiles(s.putObject("inboundLatencyMs"), p.inboundMicros());
            percentiles(s.putObject("outboundLatencyMs"), p.outboundMicros());
            if (p.steadyInboundMicros().getTotalCount() > 0) {
                percentiles(s.putObject("steadyInboundLatencyMs"), p.steadyInboundMicros());
                percentiles(s.putObject("steadyOutboundLatencyMs"), p.steadyOutboundMicros());
            }
        });
        cpuPerCallMinute.ifPresent(c -> s.put("bridgeCpuSecondsPerCallMinute", round(c)));
        if (idleRss.isPresent() && peakRss > 0) {
            s.put("bridgeIdleRssMiB", idleRss.getAsLong() / 1_048_576).put("bridgePeakRssMiB", peakRss / 1_048_576)
                    .put("bridgeRssKiBPerCall", (peakRss - idleRss.getAsLong()) / 1024 / Math.max(1, results.size()));
        }
        return s;
    }

    private static void percentiles(ObjectNode o, Histogram h) {
        o.put("count", h.getTotalCount()).put("p50", h.getValueAtPercentile(50) / 1000.0)
                .put("p99", h.getValueAtPercentile(99) / 1000.0).put("max", h.getMaxValue() / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void print(List<CallResult> results, List<Verification.Verdict> verdicts, List<String> samples,
                       ObjectNode summary) {
        out.println();
        out.println("verification (expected → actual):");
        long passed = verdicts.stream().filter(Verification.Verdict::passed).count();
        out.printf("  calls verified: expected %d, actual %d%n", results.size(), passed);
        if (plan.outbox().isPresent()) {
            out.printf("  summary mails:  expected %d, actual %d (duplicates: expected 0, actual %d)%n", results.size(),
                    summary.path("mails").asLong(), summary.path("duplicateMails").asLong());
        } else {
            out.println("  summary mails:  not checked (no --outbox: a deployed bridge mails through SES)");
        }
        probe.ifPresent(p -> {
            long sent = p.calls().values().stream().mapToLong(RelayProbe.Call::framesSent).sum() * 20;
            long got = p.calls().values().stream().mapToLong(RelayProbe.Call::inboundMsReceived).sum();
            long outSent = p.calls().values().stream().mapToLong(RelayProbe.Call::outboundMsSent).sum();
            long outGot = p.calls().values().stream().mapToLong(RelayProbe.Call::outboundMsReceived).sum();
            out.printf("  caller audio:   expected %d ms at the stand-in, actual %d ms%n", sent, got);
            out.printf("  reply audio:    expected %d ms at the caller, actual %d ms%n", outSent, outGot);
            out.printf("  relay latency caller→OpenAI: p50 %.3f ms, p99 %.3f ms; OpenAI→caller: p50 %.3f ms, p99 %.3f ms%n",
                    p.inboundMicros().getValueAtPercentile(50) / 1000.0, p.inboundMicros().getValueAtPercentile(99) / 1000.0,
                    p.outboundMicros().getValueAtPercentile(50) / 1000.0, p.outboundMicros().getValueAtPercentile(99) / 1000.0);
            if (p.steadyInboundMicros().getTotalCount() > 0) {
                out.printf("  relay latency in the steady phase (every call up, none ending): caller→OpenAI p50 %.3f ms, p99 %.3f ms; "
                                + "OpenAI→caller p50 %.3f ms, p99 %.3f ms%n",
                        p.steadyInboundMicros().getValueAtPercentile(50) / 1000.0, p.steadyInboundMicros().getValueAtPercentile(99) / 1000.0,
                        p.steadyOutboundMicros().getValueAtPercentile(50) / 1000.0, p.steadyOutboundMicros().getValueAtPercentile(99) / 1000.0);
            }
            List<RelayProbe.Spike> spikes = p.spikes(SPIKE_MICROS);
            out.printf("  %d-s windows with a relay latency ≥ %d ms: %d%s%n", RelayProbe.WINDOW_SECONDS,
                    SPIKE_MICROS / 1000, spikes.size(), spikes.stream().limit(12)
                            .map(w -> String.format(" [t=%ds in %.0f out %.0f ms]", w.fromSecond(),
                                    w.inboundWorstMicros() / 1000.0, w.outboundWorstMicros() / 1000.0))
                            .collect(java.util.stream.Collectors.joining(",", spikes.isEmpty() ? "" : ":", "")));
        });
        for (Verification.Verdict v : verdicts) {
            if (!v.passed()) {
                out.println("  FAILED " + v.callSid() + ": " + String.join("; ", v.failures()));
            }
        }
        if (summary.has("bridgeSteadyCpuSecondsPerCallMinute")) {
            out.printf("  bridge CPU in the steady phase: %.3f CPU-s per call-minute (user space %.3f, kernel %.3f); "
                            + "whole run %.3f%n", summary.path("bridgeSteadyCpuSecondsPerCallMinute").asDouble(),
                    summary.path("bridgeSteadyUserCpuSecondsPerCallMinute").asDouble(),
                    summary.path("bridgeSteadySystemCpuSecondsPerCallMinute").asDouble(),
                    summary.path("bridgeCpuSecondsPerCallMinute").asDouble());
        }
        if (summary.has("bridgeRssKiBPerCallSteady")) {
            out.printf("  bridge RSS: %d KiB per call with every call up (above the idle process), then %+d KiB over the steady phase; "
                            + "%d KiB per call at the peak%n", summary.path("bridgeRssKiBPerCallSteady").asLong(),
                    summary.path("bridgeRssGrowthKiBInSteady").asLong(), summary.path("bridgeRssKiBPerCall").asLong());
        }
        plan.floor().ifPresent(floor -> {
            if (summary.has("bridgeSteadyCpuSecondsPerCallMinute") && summary.has("steadyInboundLatencyMs")) {
                out.println("  the bridge beside the relay floor:");
                out.print(floor.table(summary.path("bridgeSteadyCpuSecondsPerCallMinute").asDouble(),
                        summary.path("steadyInboundLatencyMs").path("p99").asDouble(),
                        summary.path("steadyOutboundLatencyMs").path("p99").asDouble(), "bridge (" + plan.label() + ", steady phase)"));
            }
        });
        if (!samples.isEmpty()) {
            out.println("memory samples: " + samples.getFirst() + " … " + samples.getLast() + " (" + samples.size() + ")");
        }
        out.println("SOAK-SUMMARY " + Json.write(summary));
    }
}
