package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.soak.Verification;
import dev.callbridge.simulator.text.CallerLines;
import dev.callbridge.simulator.text.GeneratedLines;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TextCaller;
import dev.callbridge.simulator.twilio.TwiML;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text calls end to end: the simulator plays Twilio ConversationRelay against the real bridge, whose
 * {@code realtime-text} processor talks to the Realtime stand-in (every event validated against the official
 * schema); each call's mail must hold exactly the lines that went each way, in order.
 */
class TextCallPathTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    @TempDir
    static Path work;
    static BridgeHarness bridge;
    static List<String> script;

    @BeforeAll
    static void start() throws Exception {
        bridge = new BridgeHarness(work, "--callbridge.text.numbers=+15559870002=realtime-text");
        script = CallerLines.clientLines(BridgeHarness.DATA.resolve("client-server-conversation.txt"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private CallResult call(String callSid, CallerLines lines, Optional<String> processor, Duration duration) {
        return new TextCaller(bridge.http, bridge.url, lines, duration, callSid, 5, processor, TOKYO, Clock.systemUTC(),
                Optional.of(bridge.signer)).call();
    }

    private MailReader.SummaryMail verifiedMail(CallResult result) throws Exception {
        var mails = bridge.mails(List.of(result.callSid()), Duration.ofSeconds(30));
        var verdict = Verification.verify(result, mails, Optional.empty());
        System.out.printf("%s: expected %d turns mailed in order, verdict %s%n", result.callSid(), result.expected().size(),
                verdict.passed() ? "passed" : verdict.failures());
        assertTrue(verdict.passed(), verdict.failures().toString());
        var mail = mails.get(result.callSid());
        assertTrue(mail.subject().startsWith("[callbridge] Text call +15550100"), mail.subject());
        return mail;
    }

    @Test
    void echoAnswersEachLineWithItsReceiveTimeInTokyoAndTheMailHoldsTheExchange() throws Exception {
        CallResult result = call("CAtextecho0000000000000000000001", CallerLines.script(script, 0), Optional.of("echo"),
                Duration.ofSeconds(5));
        var mail = verifiedMail(result);
        List<CallResult.ExpectedTurn> turns = result.expected();
        System.out.println("turns: " + turns);
        assertTrue(turns.size() >= 4, "at least two exchanges in 5 s with 2–3 s pauses: " + turns.size());
        assertTrue(turns.getFirst().text().matches("\\[sent \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST\\] .+"),
                "the first line carries its send time in JST: " + turns.getFirst().text());
        for (int i = 0; i + 1 < turns.size(); i += 2) {
            String line = turns.get(i).text();
            String reply = turns.get(i + 1).text();
            assertTrue(reply.matches("\\[server reply\\] received \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST: .*"), reply);
            assertTrue(reply.endsWith(": " + line), "echo of \"" + line + "\": " + reply);
        }
        assertTrue(mail.body().contains("Session ID: VXtextecho"), mail.body());
        assertTrue(mail.body().contains("(processor echo)"), mail.body());
    }

    @Test
    void realtimeTextStreamsTheModelsReplyAsTokens() throws Exception {
        CallResult result = call("CAtextrealtime000000000000000001", CallerLines.script(script, 11),
                Optional.of("realtime-text"), Duration.ofSeconds(5));
        verifiedMail(result);
        String reply = result.expected().get(1).text();
        System.out.println("expected the stand-in's reply 1 to the first line, actual: " + reply);
        assertTrue(reply.startsWith("Offline model reply 1 to \"[sent "), reply);
        assertEquals(List.of(), bridge.fake.violations(), "every Realtime event both ways validates against the schema");
    }

    /** {@code shout} is a test-only component: adding a processor is one class. */
    @Test
    void aProcessorAddedAsOneClassAnswersCalls() throws Exception {
        CallResult result = call("CAtextshout00000000000000000001", CallerLines.script(script, 3), Optional.of("shout"),
                Duration.ofSeconds(1));
        verifiedMail(result);
        String line = result.expected().get(0).text();
        System.out.println("expected \"YOU SAID: " + line.toUpperCase(java.util.Locale.ROOT) + "\", actual \""
                + result.expected().get(1).text() + "\"");
        assertEquals("YOU SAID: " + line.toUpperCase(java.util.Locale.ROOT), result.expected().get(1).text());
    }

    @Test
    void aModelCanPlayTheCaller() throws Exception {
        var client = OpenAIOkHttpClient.builder().baseUrl(bridge.fake.restUrl().toString()).apiKey("test").build();
        try {
            var lines = new GeneratedLines(client, "gpt-test", "a cyclist with a flat tyre", "My tyre is flat, can you help?");
            CallResult result = call("CAtextgenerated0000000000000001", lines, Optional.of("realtime-text"),
                    Duration.ofSeconds(4));
            verifiedMail(result);
            List<String> callerLines = result.expected().stream().filter(t -> t.speaker().equals("caller"))
                    .map(CallResult.ExpectedTurn::text).toList();
            System.out.println("caller lines: " + callerLines);
            assertTrue(callerLines.getFirst().endsWith("] My tyre is flat, can you help?"), callerLines.getFirst());
            assertTrue(callerLines.get(1).startsWith("Generated line 2: you said \"Offline model reply 1"), callerLines.get(1));
        } finally {
            client.close();
        }
    }

    @Test
    void aNumberConfiguredForTextGetsConversationRelayAndItsProcessor() throws Exception {
        var text = TwiML.parse(webhook("CAtextnumber000000000000000000001", "+15559870002", "").body());
        System.out.println("expected ConversationRelay with processor realtime-text, actual " + text);
        assertEquals(TwiML.CONVERSATION_RELAY, text.noun());
        assertEquals(bridge.conversationRelayUrl(), text.url());
        assertEquals("realtime-text", text.parameters().get("processor"));
        assertTrue(text.parameters().containsKey("token"));

        var voice = TwiML.parse(webhook("CAtextnumber000000000000000000002", "+15550000000", "").body());
        assertEquals(TwiML.STREAM, voice.noun(), "other numbers stay voice calls");

        var perCall = TwiML.parse(webhook("CAtextnumber000000000000000000003", "+15559870002", "?processor=echo").body());
        assertEquals("echo", perCall.parameters().get("processor"), "the webhook URL's choice wins over the number's");

        var unknown = webhook("CAtextnumber000000000000000000004", "+15550000000", "?mode=text&processor=nonesuch");
        System.out.println("unknown processor: " + unknown.statusCode() + " " + unknown.body());
        assertEquals(400, unknown.statusCode());
    }

    @Test
    void anInterruptCutsTheReplyToWhatWasHeardForTheMailAndForTheModel() throws Exception {
        String callSid = "CAtextinterrupt00000000000000001";
        try (var relay = RelayClient.open(callSid, "?mode=text&processor=realtime-text")) {
            relay.send(new RelayMessage.Prompt("What are your opening hours?", "en-US", true));
            String reply = relay.reply();
            System.out.println("reply: " + reply);
            String heard = String.join(" ", List.of(reply.split(" ")).subList(0, 3));
            relay.send(new RelayMessage.Interrupt(heard, 900));
            relay.send(new RelayMessage.Prompt("Sorry, say again?", "en-US", true));
            String second = relay.reply();
            relay.hangUp();

            var mail = bridge.mails(List.of(callSid), Duration.ofSeconds(30)).get(callSid);
            List<String> lines = mail.turns().stream().map(t -> t.speaker() + (t.interrupted() ? " (interrupted)" : "")
                    + ": " + t.text()).toList();
            List<String> expected = List.of("caller: What are your opening hours?", "assistant (interrupted): " + heard,
                    "caller: Sorry, say again?", "assistant: " + second);
            System.out.println("expected " + expected + "\nactual   " + lines);
            assertEquals(expected, lines);
            assertTrue(bridge.fake.assistantTextsWritten().contains(heard),
                    "the model's copy of the reply became what was heard: " + bridge.fake.assistantTextsWritten());
        }
    }

    @Test
    void badInputClosesOnlyThatCallWithAReasonAndTheTranscriptIsStillMailed() throws Exception {
        try (var relay = RelayClient.open("CAtextbad0000000000000000000001", "?mode=text&processor=echo")) {
            relay.send(new RelayMessage.Prompt("Hello?", "en-US", true));
            relay.reply();
            relay.ws.sendText("{\"type\":\"prompt\",\"voicePrompt\":", true).join();
            String close = relay.closed.get(10, TimeUnit.SECONDS);
            System.out.println("expected close 1008 malformed…, actual " + close);
            assertTrue(close.startsWith("1008 failed: malformed ConversationRelay message"), close);
        }
        var mail = bridge.mails(List.of("CAtextbad0000000000000000000001"), Duration.ofSeconds(30))
                .get("CAtextbad0000000000000000000001");
        assertEquals("Hello?", mail.turns().getFirst().text());
        assertEquals(2, mail.turns().size());

        try (var relay = RelayClient.connect()) {
            relay.send(new RelayMessage.Prompt("Hello?", "en-US", true));
            String close = relay.closed.get(10, TimeUnit.SECONDS);
            System.out.println("expected close 1008 prompt before setup, actual " + close);
            assertEquals("1008 failed: prompt before setup", close);
        }
        try (var relay = RelayClient.connect()) {
            relay.send(new RelayMessage.Setup("VX1", "AC1", "CAtextnotoken00000000000000000001", "+1", "+2", "inbound",
                    Map.of("processor", "echo")));
            String close = relay.closed.get(10, TimeUnit.SECONDS);
            System.out.println("expected close 1008 invalid call token, actual " + close);
            assertEquals("1008 failed: missing or invalid call token", close);
        }
        var unsigned = bridge.http.newWebSocketBuilder().buildAsync(bridge.conversationRelayUrl(), new WebSocket.Listener() {}).handle((ws, e) -> e == null ? "opened"
                : e.getCause() instanceof java.net.http.WebSocketHandshakeException h ? "HTTP " + h.getResponse().statusCode()
                : e.toString());
        String refused = unsigned.get(10, TimeUnit.SECONDS);
        System.out.println("expected an unsigned upgrade refused with HTTP 403, actual: " + refused);
        assertEquals("HTTP 403", refused);
    }

    private static HttpResponse<String> webhook(String callSid, String to, String query) throws Exception {
        return bridge.webhook(callSid, to, query, true);
    }

    /** A hand-driven ConversationRelay socket, for what the scripted caller never does. */
    private record RelayClient(WebSocket ws, BlockingQueue<RelayCommand> inbox, CompletableFuture<String> closed)
            implements AutoCloseable {

        static RelayClient connect() throws Exception {
            var inbox = new LinkedBlockingQueue<RelayCommand>();
            var closed = new CompletableFuture<String>();
            URI url = bridge.conversationRelayUrl();
            WebSocket ws = bridge.http.newWebSocketBuilder().header("X-Twilio-Signature", bridge.signer.sign(url.toString(), Map.of()))
                    .buildAsync(url, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            inbox.add(ConversationRelayCodec.decodeCommand(data.toString()));
                            w.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                            closed.complete(status + " " + reason);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            return new RelayClient(ws, inbox, closed);
        }

        /** Connects as the webhook's TwiML says and sends {@code setup} with its parameters. */
        static RelayClient open(String callSid, String query) throws Exception {
            var twiml = TwiML.parse(webhook(callSid, "+15550000000", query).body());
            var client = connect();
            client.send(new RelayMessage.Setup("VX" + callSid.substring(2), "AC1", callSid, "+15551230001", "+15550000000",
                    "inbound", twiml.parameters()));
            return client;
        }

        void send(RelayMessage message) {
            ws.sendText(ConversationRelayCodec.encodeMessage(message), true).join();
        }

        String reply() throws InterruptedException {
            StringBuilder text = new StringBuilder();
            while (true) {
                RelayCommand c = inbox.poll(10, TimeUnit.SECONDS);
                if (!(c instanceof RelayCommand.Text t)) {
                    throw new AssertionError("expected reply tokens, got " + c + " after \"" + text + "\"");
                }
                text.append(t.token());
                if (t.last()) {
                    return text.toString();
                }
            }
        }

        void hangUp() throws Exception {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "caller hung up").get(5, TimeUnit.SECONDS);
            closed.get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
