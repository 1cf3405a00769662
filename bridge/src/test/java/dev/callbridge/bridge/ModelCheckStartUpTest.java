package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.models.ModelCheck;
import dev.callbridge.bridge.models.ModelFinding;
import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.fake.FakeRealtimeServer;
import dev.callbridge.simulator.fake.Replies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The model lifecycle check as a user meets it: the bridge asks the (stand-in's) {@code GET /v1/models/{id}} at
 * start-up. Dates are relative to today (UTC), so the tests hold on any day.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModelCheckStartUpTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** A retired model: the process exits non-zero, and says which setting, which model, when, and what instead. */
    @Test
    void aRetiredModelStopsStartUpWithOneLineNamingTheSetting(@TempDir Path work) throws Exception {
        try (var fake = new FakeRealtimeServer("127.0.0.1", 0, new Replies(List.of(), -45),
                new FakeOptions(1, 100, 0, false, 1), Optional.empty()).start()) {
            LocalDate yesterday = TODAY.minusDays(1);
            fake.models().put("gpt-realtime", yesterday.toString());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "-cp",
                    System.getProperty("java.class.path"), BridgeApplication.class.getName(), "--server.port=0",
                    "--server.address=127.0.0.1", "--callbridge.twilio.validate-signatures=false",
                    "--callbridge.openai.base-url=" + fake.restUrl(), "--callbridge.openai.api-key=test",
                    "--callbridge.realtime.model=gpt-realtime", "--callbridge.calls.warm-up-frames=0",
                    "--callbridge.mail.spool=" + work.resolve("spool"), "--callbridge.mail.ledger=" + work.resolve("ledger"),
                    "--callbridge.mail.outbox=" + work.resolve("outbox"), "--callbridge.calls.journal=" + work.resolve("journal")));
            Path log = work.resolve("bridge.log");
            Process bridge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean exited = bridge.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                bridge.destroyForcibly();
            }
            String output = Files.readString(log);
            String expected = "callbridge.realtime.model: OpenAI shut down gpt-realtime on " + yesterday
                    + "; its replacement is gpt-realtime-2.1. Set callbridge.realtime.model to a current model.";
            List<String> lines = output.lines().filter(l -> l.contains("OpenAI shut down")).toList();
            System.out.println("exit: expected non-zero, actual " + (exited ? bridge.exitValue() : "still running"));
            System.out.println("expected a line: " + expected + "\nactual lines:\n  " + String.join("\n  ", lines));
            assertTrue(exited, "the bridge must stop, not run on");
            assertNotEquals(0, bridge.exitValue());
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(expected)), output);
            assertTrue(output.contains("APPLICATION FAILED TO START"), output);
            assertTrue(Files.notExists(work.resolve("spool")), "nothing else started: no spool was made");
        }
    }

    /** A model ten days from its shutdown: the bridge starts, warns once, and the check's report carries it. */
    @Test
    void aModelTenDaysFromShutdownStartsWithAWarning(@TempDir Path work, CapturedOutput output) throws Exception {
        LocalDate shutdown = TODAY.plusDays(10);
        try (var bridge = new BridgeHarness(work, fake -> fake.models().put("gpt-realtime-2.1", shutdown.toString()),
                "--callbridge.calls.warm-up-frames=0")) {
            var latest = bridge.app.getBean(ModelCheck.class).latest().orElseThrow();
            String expected = "callbridge.realtime.model: OpenAI shuts down gpt-realtime-2.1 on " + shutdown
                    + " (in 10 days). Change callbridge.realtime.model before then.";
            List<String> warnings = output.getAll().lines().filter(l -> l.contains("WARN") && l.contains("shuts down"))
                    .toList();
            System.out.println("expected one warning: " + expected + "\nactual: " + warnings);
            assertEquals(1, warnings.size(), output.getAll());
            assertTrue(warnings.getFirst().endsWith(expected));
            assertEquals(List.of(expected), latest.retiring().stream().map(ModelFinding::line).toList());
            long soon = bridge.stats().get("modelsRetiringSoon");
            System.out.println("GET /stats modelsRetiringSoon: expected 1, actual " + soon);
            assertEquals(1, soon);
            var webhook = bridge.webhook("CAmodels", true);
            System.out.println("the bridge serves: expected 200, actual " + webhook.statusCode());
            assertEquals(200, webhook.statusCode());
        }
    }

    /** OpenAI unreachable: the bridge starts all the same, and says so in one line. */
    @Test
    void anUnreachableApiIsOneLogLineAndTheBridgeStarts(@TempDir Path work, CapturedOutput output) throws Exception {
        // A port held by a bound socket that never listens: every connect to it is refused.
        try (var held = new java.net.Socket()) {
            held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            startsWithoutOpenAi(work, output, held.getLocalPort());
        }
    }

    private static void startsWithoutOpenAi(Path work, CapturedOutput output, int closed) throws Exception {
        try (var bridge = new BridgeHarness(work, fake -> { },
                "--callbridge.openai.base-url=http://127.0.0.1:" + closed + "/v1",
                "--callbridge.summary.base-url=http://127.0.0.1:" + closed + "/v1",
                "--callbridge.openai.model-check-timeout=2s", "--callbridge.calls.warm-up-frames=0")) {
            List<String> lines = output.getAll().lines().filter(l -> l.contains("ModelCheck")).toList();
            System.out.println("expected one line saying the check could not ask OpenAI, actual:\n  " + String.join("\n  ", lines));
            assertEquals(1, lines.size(), output.getAll());
            assertTrue(lines.getFirst().contains("model check: OpenAI could not be asked about gpt-realtime-2.1, "
                    + "gpt-transcribe, gpt-6-luna"), lines.getFirst());
            assertTrue(lines.getFirst().contains("carrying on"));
            assertEquals(3, bridge.app.getBean(ModelCheck.class).latest().orElseThrow().unchecked().size());
            assertEquals(200, bridge.webhook("CAoffline", true).statusCode());
        }
    }
}
