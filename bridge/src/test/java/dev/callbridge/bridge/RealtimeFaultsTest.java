package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.soak.Verification;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI side failing under real calls: sessions that expire, sockets that drop, connects refused, no OpenAI at
 * all. The stand-in breaks things on purpose and tells the probe; the calls must still end as mails with their
 * whole transcript.
 */
class RealtimeFaultsTest {
    private static CallScript script(BridgeHarness bridge, String name) {
        return bridge.scripts.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static CallResult call(BridgeHarness bridge, CallScript script, Duration length, String sid, long seed) {
        return new TwilioCaller(bridge.http, bridge.url, script, length, sid, seed, Optional.of(bridge.probe),
                Optional.of(bridge.signer)).call();
    }

    @Test
    void sessionsAreRolledOverAtQuietMomentsBeforeTheyExpireAndTheCallerNoticesNothing(@TempDir Path work) throws Exception {
        // The stand-in ends sessions at 30 s as the real service does at 60 min; the bridge replaces them after 3 s.
        var faults = new FakeOptions.Faults(Duration.ofSeconds(30), 0, 0);
        try (var bridge = new BridgeHarness(work, faults, Optional.empty(), "--callbridge.realtime.sessions.rollover-after=3s")) {
            String sid = "CArollover0000000000000000000001";
            CallResult result = call(bridge, script(bridge, "booking"), Duration.ofSeconds(25), sid, 3);
            var mails = bridge.mails(List.of(sid), Duration.ofSeconds(15));
            var verdict = Verification.verify(result, mails, Optional.of(bridge.probe));
            var fake = bridge.fake.stats();
            var stats = bridge.stats();
            System.out.printf("rollover: expected a verified call, ≥ 2 rollovers, 0 expiries; actual %s, %d rollovers, "
                    + "%d sessions, %d expired; %d turns%n", verdict.failures(), stats.get("realtimeRollovers"),
                    fake.get("sessions"), fake.get("sessionsExpired"), result.expected().size());
            assertEquals(List.of(), verdict.failures());
            assertTrue(stats.get("realtimeRollovers") >= 2, stats.toString());
            assertEquals(0L, fake.get("sessionsExpired"));
            assertEquals(0L, stats.get("realtimeLost"));
            assertEquals(List.of(), bridge.fake.violations(), "schema violations");
        }
    }

    @Test
    void expiredDroppedAndRefusedSessionsAreReplacedAndEveryCallIsMailedWhole(@TempDir Path work) throws Exception {
        // No rollover: sessions expire every 5 s, sockets drop about once in 10 s, a fifth of connects fail.
        var faults = new FakeOptions.Faults(Duration.ofSeconds(5), 360, 0.2);
        try (var bridge = new BridgeHarness(work, faults, Optional.empty())) {
            List<Future<CallResult>> futures = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 6; i++) {
                    CallScript script = bridge.scripts.get(i % bridge.scripts.size());
                    String sid = String.format("CAfaults%026d", i);
                    long seed = i;
                    futures.add(pool.submit(() -> call(bridge, script, Duration.ofSeconds(20), sid, seed)));
                }
            }
            List<CallResult> results = new ArrayList<>();
            for (Future<CallResult> f : futures) {
                results.add(f.get());
            }
            var mails = bridge.mails(results.stream().map(CallResult::callSid).toList(), Duration.ofSeconds(20));
            List<String> failures = new ArrayList<>();
            long faulted = 0;
            for (CallResult r : results) {
                faulted += r.expected().stream().filter(CallResult.ExpectedTurn::faulted).count();
                var verdict = Verification.verify(r, mails, Optional.of(bridge.probe), 100);
                if (!verdict.passed()) {
                    failures.add(r.callSid() + " (" + r.script() + "): " + verdict.failures());
                }
            }
            var fake = bridge.fake.stats();
            var stats = bridge.stats();
            System.out.printf("faults: expected 6 verified calls, actual %d; stand-in: %d sessions, %d expired, %d dropped, "
                    + "%d refused; bridge: %d lost, %d reconnects, %d apologies; %d turns in faulted exchanges; failures %s%n",
                    6 - failures.size(), fake.get("sessions"), fake.get("sessionsExpired"), fake.get("socketsDropped"),
                    fake.get("connectsRefused"), stats.get("realtimeLost"), stats.get("realtimeReconnects"),
                    stats.get("apologies"), faulted, failures);
            assertEquals(List.of(), failures);
            assertTrue(fake.get("sessionsExpired") >= 10, "sessions expired: " + fake);
            assertTrue(fake.get("socketsDropped") >= 1, "sockets dropped: " + fake);
            assertTrue(stats.get("realtimeReconnects") >= fake.get("sessionsExpired"), stats.toString());
            assertEquals(0L, stats.get("apologies"));
            assertEquals(List.of(), bridge.fake.violations(), "schema violations");
        }
    }

    @Test
    void withNoOpenAiTheCallerHearsAnApologyAndTheCallEndsCleanly(@TempDir Path work) throws Exception {
        URI nowhere;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/v1/realtime"); // closed again: refused
        }
        try (var bridge = new BridgeHarness(work, FakeOptions.Faults.NONE, Optional.of(nowhere))) {
            String sid = "CAnoopenai000000000000000000001";
            CallResult result = call(bridge, script(bridge, "weather"), Duration.ofSeconds(20), sid, 1);
            var mail = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
            long apologyMs = java.nio.file.Files.size(BridgeHarness.DATA.resolve("prompts/apology.ulaw")) / 8;
            System.out.printf("no OpenAI: expected %d ms of apology heard, then a normal close; actual %d ms, problems %s%n",
                    apologyMs, result.outboundMsReceived(), result.problems());
            assertEquals(apologyMs, result.outboundMsReceived());
            assertEquals(1, result.problems().size(), result.problems().toString());
            assertTrue(result.problems().getFirst().startsWith("stream closed by the bridge mid-call: 1000 realtime unavailable"),
                    result.problems().toString());
            assertTrue(mail != null && mail.body().contains("realtime unavailable (realtime-closed 1006 connect failed"),
                    mail == null ? "no mail" : mail.body());
            assertEquals(1L, bridge.stats().get("apologies"));
        }
    }

    @Test
    void aRealtimeEndpointThatNeverAnswersGetsTheApologyAtTheAnswerDeadline(@TempDir Path work) throws Exception {
        // Accepts TCP connections and never says a word: connect attempts hang until their own timeout (10 s).
        try (var blackhole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            URI silent = URI.create("ws://127.0.0.1:" + blackhole.getLocalPort() + "/v1/realtime");
            try (var bridge = new BridgeHarness(work, FakeOptions.Faults.NONE, Optional.of(silent),
                    "--callbridge.calls.answer-deadline=3s")) {
                String sid = "CAblackhole00000000000000000001";
                CallResult result = call(bridge, script(bridge, "weather"), Duration.ofSeconds(20), sid, 1);
                System.out.printf("OpenAI silent: expected the apology after 3 s of the call, then a close; actual %d ms "
                        + "heard, problems %s%n", result.outboundMsReceived(), result.problems());
                assertTrue(result.outboundMsReceived() > 5_000, "the apology was heard");
                assertTrue(result.problems().getFirst().contains("no OpenAI session answered within PT3S"),
                        result.problems().toString());
                assertTrue(bridge.mails(List.of(sid), Duration.ofSeconds(15)).containsKey(sid));
            }
            for (var socket : held) {
                socket.close();
            }
        }
    }
}
