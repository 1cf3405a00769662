package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code callbridge.calls.max-concurrent}: a call over the limit gets a polite TwiML refusal, not a stream. */
class CallLimitsTest {
    @Test
    void aCallOverTheLimitIsToldTheLinesAreBusyAndHungUp(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.max-concurrent=1")) {
            var script = bridge.scripts.stream().filter(s -> s.name().equals("weather")).findFirst().orElseThrow();
            CompletableFuture<CallResult> first = CompletableFuture.supplyAsync(() -> new TwilioCaller(bridge.http,
                    bridge.url, script, Duration.ofSeconds(6), "CAlimitfirst00000000000000000001", 1,
                    Optional.of(bridge.probe), Optional.of(bridge.signer)).call(),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()); // not the 1-thread common pool of a 2-core machine
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bridge.stats().getOrDefault("activeCalls", 0L) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            String refused = bridge.webhook("CAlimitsecond0000000000000000001", true).body();
            System.out.println("over the limit: " + refused);
            assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Sorry, all our lines are busy right now. "
                    + "Please call again in a few minutes. Goodbye.</Say><Hangup/></Response>", refused);
            assertEquals(1L, bridge.stats().get("callsRefused"));

            CallResult result = first.get();
            assertTrue(result.problems().isEmpty(), "the call in progress is untouched: " + result.problems());
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bridge.stats().getOrDefault("activeCalls", 1L) > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            String admitted = bridge.webhook("CAlimitthird00000000000000000001", true).body();
            System.out.println("after it ended: " + admitted.substring(0, Math.min(120, admitted.length())) + "…");
            assertTrue(admitted.contains("<Connect><Stream url="), admitted);
        }
    }
}
