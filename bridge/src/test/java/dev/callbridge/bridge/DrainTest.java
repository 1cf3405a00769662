package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown (what SIGTERM triggers): new calls are turned away, the call in progress may go on for the drain timeout,
 * then it is ended with 1001 and its transcript still mailed before the process exits.
 */
class DrainTest {
    @Test
    void shutdownTurnsNewCallsAwayLetsTheCallGoOnThenEndsAndMailsIt(@TempDir Path work) throws Exception {
        var executor = Executors.newVirtualThreadPerTaskExecutor(); // not the 1-thread common pool of a 2-core machine
        var bridge = new BridgeHarness(work, "--callbridge.calls.drain-timeout=3s");
        String callSid = "CAdrain00000000000000000000000001";
        var script = bridge.scripts.stream().filter(s -> s.name().equals("weather")).findFirst().orElseThrow();
        CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(() -> new TwilioCaller(bridge.http, bridge.url,
                script, Duration.ofSeconds(60), callSid, 1, Optional.of(bridge.probe), Optional.of(bridge.signer)).call(), executor);
        BridgeHarness.waitUntil(Duration.ofSeconds(20), () -> bridge.stats().getOrDefault("activeCalls", 0L) >= 1);
        Thread.sleep(3000); // a few exchanges in

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(bridge::close, executor);
        String refused = "";
        for (int i = 0; i < 40 && !refused.contains("<Hangup/>"); i++) {
            Thread.sleep(50);
            refused = bridge.webhook("CAdrainlate0000000000000000000001", true).body();
        }
        System.out.println("a call during the drain: " + refused);
        assertTrue(refused.contains("all our lines are busy") && refused.contains("<Hangup/>"), refused);

        shutdown.get();
        CallResult result = call.get();
        System.out.println("expected the call ended by the bridge with 1001, actual problems " + result.problems());
        assertTrue(result.problems().stream().anyMatch(p -> p.contains("1001 bridge shutting down")), result.problems().toString());

        var mails = MailReader.readAll(bridge.outbox, new ArrayList<>());
        MailReader.SummaryMail mail = mails.get(callSid);
        System.out.println("expected a mail for " + callSid + " holding its turns, actual " + (mail == null ? "none"
                : mail.turns().size() + " turns, " + mail.subject()));
        assertTrue(mail != null && !mail.turns().isEmpty(), "the drained call is mailed");
        assertTrue(mail.body().contains("bridge shutting down"), "the mail says why the call ended");
        assertEquals(1, mails.size(), "the call turned away never started");
        executor.close();
    }
}
