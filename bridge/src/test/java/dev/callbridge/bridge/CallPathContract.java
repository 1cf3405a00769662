package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.soak.Verification;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import dev.callbridge.simulator.twilio.TwilioSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls over loopback: simulated Twilio → the real bridge → the Realtime stand-in, and the summary mail read back
 * from the outbox. Every Realtime event, both ways, is validated against the official schema. Written once, run
 * for each audio codec ({@link PassthroughCallPathTest}, {@link TranscodingCallPathTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallPathContract {
    BridgeHarness bridge;

    /** The {@code callbridge.audio.codec} under test. */
    abstract String codec();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        bridge = new BridgeHarness(work, "--callbridge.audio.codec=" + codec());
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    private CallResult call(CallScript script, Duration minimum, String callSid, long seed) {
        return new TwilioCaller(bridge.http, bridge.url, script, minimum, callSid, seed, Optional.of(bridge.probe),
                Optional.of(bridge.signer)).call();
    }

    @Test
    void aTwentySecondCallEndsAsAMailWithTheWholeTranscriptInOrder() throws Exception {
        CallScript script = bridge.scripts.stream().filter(s -> s.name().equals("booking")).findFirst().orElseThrow();
        CallResult result = call(script, Duration.ofSeconds(20), "CA20secondcall0000000000000000001", 1);
        var mails = bridge.mails(List.of(result.callSid()), Duration.ofSeconds(20));
        MailReader.SummaryMail mail = mails.get(result.callSid());
        var verdict = Verification.verify(result, mails, Optional.of(bridge.probe));

        System.out.println("call length: " + result.length() + ", frames sent: " + result.framesSent());
        System.out.println("expected turns: " + result.expected());
        System.out.println("actual turns:   " + (mail == null ? "<no mail>" : mail.turns()));
        System.out.println(codec() + " verdict: " + verdict);
        assertTrue(result.length().compareTo(Duration.ofSeconds(20)) >= 0);
        assertEquals(6, result.expected().size(), "three exchanges of the booking script");
        assertEquals(List.of(), verdict.failures());
        assertTrue(mail.subject().startsWith("[callbridge] Call +15550100"), mail.subject());
        assertTrue(mail.subject().endsWith(" JST"), mail.subject());
        assertTrue(mail.attachmentName().matches("\\d{8}-\\d{6}\\.txt"), mail.attachmentName());
        assertEquals(mail.body().substring(mail.body().indexOf("[+")), mail.attachment().substring(mail.attachment().indexOf("[+")));
        assertEquals(List.of(), bridge.fake.violations(), "schema violations");
    }

    @Test
    void aCallerWhoTalksOverTheAssistantCutsItWhereTheyWereAndTheTranscriptSaysSo() throws Exception {
        CallScript script = bridge.scripts.stream().filter(s -> s.name().equals("interruption")).findFirst().orElseThrow();
        CallResult result = call(script, Duration.ZERO, "CAbargein" + codec() + "0000000000000000001", 3);
        var mails = bridge.mails(List.of(result.callSid()), Duration.ofSeconds(20));
        var verdict = Verification.verify(result, mails, Optional.of(bridge.probe));
        var truncations = bridge.probe.call(result.callSid()).truncations();
        System.out.printf("%s barge-in: heard when cleared %s ms, truncated at %s ms (±%d allowed)%n", codec(),
                result.heardAtClearMs(), truncations, Verification.TRUNCATE_TOLERANCE_MS);
        System.out.println(codec() + " barge-in transcript: " + mails.get(result.callSid()).turns());
        assertEquals(List.of(), verdict.failures());
        assertEquals(1, result.heardAtClearMs().size(), "one clear");
        assertTrue(Math.abs(result.heardAtClearMs().getFirst() - 1500) <= 100, "cleared near the 1.5 s the caller waited");
        var interrupted = mails.get(result.callSid()).turns().get(1);
        assertTrue(interrupted.interrupted() && !interrupted.text().endsWith("in the city."), interrupted.toString());

        // The recording: caller left, assistant right; nothing of the cut reply after the caller cut in.
        String body = mails.get(result.callSid()).body();
        String wav = body.lines().filter(l -> l.startsWith("Recording: ")).findFirst().orElseThrow().substring(11);
        short[][] s = dev.callbridge.bridge.recording.CallRecorderTest.read(Path.of(wav));
        long cutAt = (interrupted.offset().isEmpty() ? 0 : java.time.Duration.between(java.time.LocalTime.MIN,
                java.time.LocalTime.parse(interrupted.offset())).toMillis()) + result.heardAtClearMs().getFirst();
        double beforeCut = rms(s, 1, (int) (cutAt - 500) * 8, (int) (cutAt - 100) * 8);
        double afterCut = rms(s, 1, (int) (cutAt + 60) * 8, (int) (cutAt + 600) * 8);
        double callerWhileCutting = rms(s, 0, (int) (cutAt + 60) * 8, (int) (cutAt + 600) * 8);
        System.out.printf("%s recording %s: %d s; assistant RMS before the cut %.0f, after %.0f; caller after %.0f%n",
                codec(), wav, s.length / 8000, beforeCut, afterCut, callerWhileCutting);
        assertTrue(beforeCut > 300, "the reply is on the right channel before the cut");
        assertTrue(afterCut < 30, "nothing of the cut reply after it");
        assertTrue(callerWhileCutting > 300, "the caller is on the left channel");
    }

    /** A bare, signed Media Streams socket to the bridge; {@code closed} completes with "status reason". */
    private java.net.http.WebSocket openStream(java.util.concurrent.CompletableFuture<String> closed) throws Exception {
        String url = "ws://127.0.0.1:" + bridge.url.getPort() + "/media-stream";
        return bridge.http.newWebSocketBuilder().header("X-Twilio-Signature", bridge.signer.sign(url, java.util.Map.of()))
                .buildAsync(java.net.URI.create(url),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }
                }).get();
    }

    private static double rms(short[][] s, int channel, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i][channel] * s[i][channel];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    @Test
    void theVoiceWebhookAnswersTwimlThatConnectsAMediaStreamWithTheCallParameters() throws Exception {
        var response = webhook("CA123", true);
        String expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"ws://127.0.0.1:"
                + bridge.url.getPort() + "/media-stream\"><Parameter name=\"callSid\" value=\"CA123\"/>"
                + "<Parameter name=\"from\" value=\"+15551230001\"/><Parameter name=\"to\" value=\"+15559870002\"/>"
                + "<Parameter name=\"token\" value=\"";
        System.out.println("expected " + expected + "…\nactual   " + response.body());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
        assertTrue(response.body().startsWith(expected), response.body());
        assertTrue(response.body().endsWith("\"/></Stream></Connect></Response>"), response.body());
    }

    @Test
    void aWebhookWithoutAValidTwilioSignatureIsRefused() throws Exception {
        var unsigned = webhook("CA124", false);
        System.out.println("unsigned webhook: expected 403, actual " + unsigned.statusCode());
        assertEquals(403, unsigned.statusCode());
        var forged = bridge.http.send(java.net.http.HttpRequest.newBuilder(bridge.url.resolve("/twilio/voice"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", new TwilioSigner("another-token").sign(bridge.url + "/twilio/voice",
                        java.util.Map.of("CallSid", "CA125")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("CallSid=CA125")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), "signed with another account's token");
    }

    @Test
    void aStreamWithoutSignatureOrCallTokenIsRefusedBeforeAnyOpenAiSession() throws Exception {
        long sessionsBefore = bridge.fake.stats().get("sessions");
        var unsigned = bridge.http.newWebSocketBuilder().buildAsync(
                java.net.URI.create("ws://127.0.0.1:" + bridge.url.getPort() + "/media-stream"),
                new java.net.http.WebSocket.Listener() {});
        var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, unsigned::get);
        System.out.println("unsigned upgrade: " + failure.getCause());
        assertTrue(failure.getCause() instanceof java.net.http.WebSocketHandshakeException, failure.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) failure.getCause()).getResponse().statusCode());

        var closed = new java.util.concurrent.CompletableFuture<String>();
        var ws = openStream(closed);
        ws.sendText(dev.callbridge.wire.twilio.MediaStreamCodec.encodeEvent(new dev.callbridge.wire.twilio.TwilioEvent.Start(
                1, "MZnotoken", "AC1", "CAnotoken", List.of("inbound"), java.util.Map.of("token", "4102444800.forged"),
                dev.callbridge.wire.twilio.TwilioEvent.MediaFormat.MULAW_8K)), true).join();
        String reason = closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println("start with a forged token: " + reason);
        assertEquals("1008 failed: missing or invalid call token", reason);
        assertEquals(sessionsBefore, bridge.fake.stats().get("sessions"), "no OpenAI session was opened");
    }

    private java.net.http.HttpResponse<String> webhook(String callSid, boolean signed) throws Exception {
        var form = new java.util.TreeMap<>(java.util.Map.of("CallSid", callSid, "From", "+15551230001",
                "To", "+15559870002", "AccountSid", "AC1"));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                java.nio.charset.StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
        var request = java.net.http.HttpRequest.newBuilder(bridge.url.resolve("/twilio/voice"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            request.header("X-Twilio-Signature", bridge.signer.sign(bridge.url + "/twilio/voice", form));
        }
        return bridge.http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The stream parameters the webhook hands Twilio for {@code callSid}, token included. */
    private java.util.Map<String, String> streamParameters(String callSid) throws Exception {
        return dev.callbridge.simulator.twilio.TwiML.parse(webhook(callSid, true).body()).parameters();
    }

    @Test
    void aMalformedFrameClosesOnlyThatCallWithAReasonAndItsTranscriptIsStillMailed() throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<String>();
        var ws = openStream(closed);
        String sid = "CAmalformed000000000000000000001";
        ws.sendText(dev.callbridge.wire.twilio.MediaStreamCodec.encodeEvent(new dev.callbridge.wire.twilio.TwilioEvent.Start(
                1, "MZmalformed", "AC1", sid, List.of("inbound"), streamParameters(sid),
                dev.callbridge.wire.twilio.TwilioEvent.MediaFormat.MULAW_8K)), true).join();
        ws.sendText("{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZmalformed\",\"media\":", true).join();
        String reason = closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println("close: " + reason);
        assertTrue(reason.startsWith("1008 failed: malformed Media Streams message"), reason);
        var mail = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
        assertTrue(mail != null, "the failed call is still mailed");
        assertTrue(mail.body().contains("(failed: malformed Media Streams message"), mail.body());
    }

    @Test
    void outOfOrderForeignAndOversizedMessagesCloseOnlyTheirOwnCall() throws Exception {
        var cases = new java.util.LinkedHashMap<String, java.util.function.Function<String, String>>();
        cases.put("1008 failed: a second start message", sid -> startMessage(sid, "MZ" + sid));
        cases.put("1008 failed: media for foreign stream MZother", sid -> dev.callbridge.wire.twilio.MediaStreamCodec
                .encodeEvent(new dev.callbridge.wire.twilio.TwilioEvent.Media(2, "MZother", "inbound", 1, 0, "//////8=")));
        cases.put("1009", sid -> "{\"event\":\"media\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        cases.put("1008 failed: malformed Media Streams message: media payload is not base64: character 34 at 2",
                sid -> "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ" + sid
                        + "\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"ab\\\"c\"}}");
        int n = 0;
        for (var c : cases.entrySet()) {
            String sid = "CAbadinput" + codec() + (n++) + "0000000000000";
            var closed = new java.util.concurrent.CompletableFuture<String>();
            var ws = openStream(closed);
            ws.sendText(startMessage(sid, "MZ" + sid), true).join();
            ws.sendText(c.getValue().apply(sid), true);
            String reason = closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("%s: expected close \"%s…\", actual \"%s\"%n", codec(), c.getKey(), reason);
            assertTrue(reason.startsWith(c.getKey()), reason);
            var mail = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
            assertTrue(mail != null, "the call that existed is mailed: " + sid);
        }
    }

    private String startMessage(String callSid, String streamSid) {
        try {
            return dev.callbridge.wire.twilio.MediaStreamCodec.encodeEvent(new dev.callbridge.wire.twilio.TwilioEvent.Start(
                    1, streamSid, "AC1", callSid, List.of("inbound"), streamParameters(callSid),
                    dev.callbridge.wire.twilio.TwilioEvent.MediaFormat.MULAW_8K));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mediaBeforeStartIsAProtocolViolation() throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<String>();
        var ws = openStream(closed);
        ws.sendText(dev.callbridge.wire.twilio.MediaStreamCodec.encodeEvent(
                new dev.callbridge.wire.twilio.TwilioEvent.Media(1, "MZx", "inbound", 1, 0, "//////8=")), true).join();
        assertEquals("1008 failed: media before start", closed.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void fiftyParallelCallsEachGetTheirOwnTranscript() throws Exception {
        List<Future<CallResult>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                CallScript script = bridge.scripts.get(i % bridge.scripts.size());
                String sid = String.format("CAparallel%024d", i);
                long seed = i;
                futures.add(pool.submit(() -> call(script, Duration.ZERO, sid, seed)));
                Thread.sleep(40);
            }
        }
        List<CallResult> results = new ArrayList<>();
        for (Future<CallResult> f : futures) {
            results.add(f.get());
        }
        var mails = bridge.mails(results.stream().map(CallResult::callSid).toList(), Duration.ofSeconds(30));
        List<String> failures = new ArrayList<>();
        for (CallResult r : results) {
            var verdict = Verification.verify(r, mails, Optional.of(bridge.probe));
            if (!verdict.passed()) {
                failures.add(r.callSid() + " (" + r.script() + "): " + verdict.failures());
            }
        }
        long turns = results.stream().mapToLong(r -> r.expected().size()).sum();
        System.out.printf(codec() + ": 50 parallel calls: expected 50 verified with %d turns, actual %d verified; failures %s%n",
                turns, 50 - failures.size(), failures);
        assertEquals(List.of(), failures);
        assertEquals(50, results.stream().filter(r -> mails.containsKey(r.callSid())).count());
        assertEquals(List.of(), bridge.fake.violations(), "schema violations");
    }
}
