package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits the bridge keeps by itself: concurrent calls (a polite TwiML refusal), call length and idle time
 * (measured on the call's media timeline, so a test can stream an hour of silence in moments).
 */
class CallLimitsTest {
    /** Streams silence with media timestamps 20 ms apart, as fast as it can; returns the bridge's close. */
    private static String streamSilence(BridgeHarness bridge, String sid, int frames) throws Exception {
        var closed = new CompletableFuture<String>();
        String url = bridge.mediaStreamUrl().toString();
        var params = dev.callbridge.simulator.twilio.TwiML.parse(bridge.webhook(sid, true).body()).parameters();
        var ws = bridge.http.newWebSocketBuilder().header("X-Twilio-Signature", bridge.signer.sign(url, java.util.Map.of()))
                .buildAsync(java.net.URI.create(url), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }
                }).get();
        String streamSid = "MZ" + sid.substring(2);
        ws.sendText(MediaStreamCodec.encodeEvent(new TwilioEvent.Start(1, streamSid, "AC1", sid, java.util.List.of("inbound"),
                params, TwilioEvent.MediaFormat.MULAW_8K)), true).join();
        byte[] frame = new byte[160];
        java.util.Arrays.fill(frame, dev.callbridge.wire.audio.MuLaw.SILENCE);
        String silence = java.util.Base64.getEncoder().encodeToString(frame);
        for (int k = 0; k < frames && !closed.isDone(); k++) {
            try {
                ws.sendText(MediaStreamCodec.encodeEvent(new TwilioEvent.Media(k + 2, streamSid, "inbound", k + 1, k * 20L, silence)), true).join();
            } catch (java.util.concurrent.CompletionException e) {
                // The bridge's close frame can shut the client's output a moment before onClose runs: the reason is
                // what the call is judged on, below.
                if (!(e.getCause() instanceof java.io.IOException)) {
                    throw e;
                }
                break;
            }
        }
        return closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aCallInWhichNoOneSpeaksIsHungUpAfterTheIdleTimeoutAndMailed(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.idle-timeout=30s")) {
            String sid = "CAidle000000000000000000000000001";
            String close = streamSilence(bridge, sid, 3_000); // 60 s of media timeline
            System.out.println("idle: expected \"1000 idle for PT30S: no one spoke\", actual \"" + close + "\"");
            assertEquals("1000 idle for PT30S: no one spoke", close);
            var mail = bridge.mails(java.util.List.of(sid), Duration.ofSeconds(15)).get(sid);
            assertTrue(mail != null && mail.body().contains("idle for PT30S"), String.valueOf(mail));
        }
    }

    @Test
    void aCallIsEndedAtTheMaximumLength(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.max-length=40s")) {
            String sid = "CAlong000000000000000000000000001";
            String close = streamSilence(bridge, sid, 3_000);
            System.out.println("max length: expected \"1000 maximum call length PT40S reached\", actual \"" + close + "\"");
            assertEquals("1000 maximum call length PT40S reached", close);
            assertTrue(bridge.mails(java.util.List.of(sid), Duration.ofSeconds(15)).containsKey(sid));
        }
    }

    @Test
    void aCallOverTheLimitIsToldTheLinesAreBusyAndHungUp(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.max-concurrent=1")) {
            var script = bridge.scripts.stream().filter(s -> s.name().equals("weather")).findFirst().orElseThrow();
            CompletableFuture<CallResult> first = CompletableFuture.supplyAsync(() -> new TwilioCaller(bridge.http,
                    bridge.url, script, Duration.ofSeconds(6), "CAlimitfirst00000000000000000001", 1,
                    Optional.of(bridge.probe), Optional.of(bridge.signer)).call(),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()); // not the 1-thread common pool of a 2-core machine
            BridgeHarness.waitUntil(Duration.ofSeconds(20), () -> bridge.stats().getOrDefault("activeCalls", 0L) >= 1);

            String refused = bridge.webhook("CAlimitsecond0000000000000000001", true).body();
            System.out.println("over the limit: " + refused);
            assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Sorry, all our lines are busy right now. "
                    + "Please call again in a few minutes. Goodbye.</Say><Hangup/></Response>", refused);
            assertEquals(1L, bridge.stats().get("callsRefused"));

            CallResult result = first.get();
            assertTrue(result.problems().isEmpty(), "the call in progress is untouched: " + result.problems());
            BridgeHarness.waitUntil(Duration.ofSeconds(10), () -> bridge.stats().getOrDefault("activeCalls", 1L) == 0);
            String admitted = bridge.webhook("CAlimitthird00000000000000000001", true).body();
            System.out.println("after it ended: " + admitted.substring(0, Math.min(120, admitted.length())) + "…");
            assertTrue(admitted.contains("<Connect><Stream url="), admitted);
        }
    }
}
