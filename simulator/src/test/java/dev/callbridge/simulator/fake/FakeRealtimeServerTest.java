package dev.callbridge.simulator.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.script.CallScripts;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.json.Json;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.SessionConfig;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in over a real loopback socket, every event it sends checked against the official schema. */
class FakeRealtimeServerTest {
    private final List<CallScript> scripts = CallScripts.load(ClipMatcherTest.DATA);
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private FakeRealtimeServer server;
    private WebSocket ws;

    @BeforeEach
    void start() throws Exception {
        var options = new FakeOptions(20.0, 100, 0.0, true, 1);
        server = new FakeRealtimeServer("127.0.0.1", 0, new Replies(scripts, -45,
                Optional.of(CallScripts.idlePrompt(ClipMatcherTest.DATA))), options, Optional.empty()).start();
        ws = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Client-Request-Id", "CAtest")
                .buildAsync(server.url(), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(Json.parseObject(partial.toString()));
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        ws.abort();
        server.close();
    }

    private void send(ClientEvent e) {
        ws.sendText(RealtimeCodec.encode(e), true).join();
    }

    private JsonNode next(String type) throws InterruptedException {
        while (true) {
            JsonNode e = received.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type + " within 10 s");
            }
            if (e.path("type").asText().equals(type)) {
                return e;
            }
        }
    }

    @Test
    void hearsAScriptLineAndAnswersWithTheNextAsPacedAudio() throws Exception {
        CallScript script = scripts.getFirst();
        send(new ClientEvent.SessionUpdate(new SessionConfig("gpt-realtime-2.1", "test", "marin", AudioFormat.PCMU,
                AudioFormat.PCMU, List.of("audio"), Optional.of(new SessionConfig.Transcription("gpt-transcribe", "")),
                Optional.of(new SessionConfig.ServerVad(0.5, 300, 500, true, true)))));
        byte[] clip = script.caller(0).mulaw();
        // Whole 20 ms frames: a zero byte is μ-law's loudest sample, not silence.
        byte[] audio = new byte[(4000 + clip.length + 8000) / 160 * 160 + 160];
        Arrays.fill(audio, MuLaw.SILENCE);
        System.arraycopy(clip, 0, audio, 4000, clip.length);
        for (int i = 0; i < audio.length; i += 160) {
            send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(Arrays.copyOfRange(audio, i, i + 160))));
        }

        assertEquals("sess_fake1", next("session.created").path("session").path("id").asText());
        next("session.updated");
        JsonNode started = next("input_audio_buffer.speech_started");
        System.out.printf("speech_started.audio_start_ms: expected 200 (500 ms of silence less 300 ms padding), actual %d%n",
                started.path("audio_start_ms").asLong());
        assertEquals(200, started.path("audio_start_ms").asLong());
        String userItem = next("input_audio_buffer.committed").path("item_id").asText();
        JsonNode transcription = next("conversation.item.input_audio_transcription.completed");
        assertEquals(userItem, transcription.path("item_id").asText());
        System.out.printf("transcript: expected \"%s\", actual \"%s\"%n", script.caller(0).text(), transcription.path("transcript").asText());
        assertEquals(script.caller(0).text(), transcription.path("transcript").asText());

        int audioBytes = 0;
        JsonNode e;
        List<String> order = new ArrayList<>();
        do {
            e = received.poll(10, TimeUnit.SECONDS);
            order.add(e.path("type").asText());
            if (e.path("type").asText().equals("response.output_audio.delta")) {
                audioBytes += Base64.getDecoder().decode(e.path("delta").asText()).length;
            }
            if (e.path("type").asText().equals("response.output_audio_transcript.done")) {
                assertEquals(script.assistant(0).text(), e.path("transcript").asText());
            }
        } while (!e.path("type").asText().equals("response.done"));
        System.out.printf("reply audio: expected %d bytes, actual %d%n", script.assistant(0).mulaw().length, audioBytes);
        assertEquals(script.assistant(0).mulaw().length, audioBytes);
        assertEquals("completed", e.path("response").path("status").asText());
        assertEquals("response.created", order.getFirst());
        assertTrue(order.indexOf("response.output_audio.done") > order.lastIndexOf("response.output_audio.delta"));

        String assistantItem = e.path("response").path("output").path(0).path("id").asText();
        send(new ClientEvent.ItemTruncate(assistantItem, 0, 60_000));
        JsonNode error = next("error");
        System.out.println("truncate past the end: " + error.path("error").path("message").asText());
        assertTrue(error.path("error").path("message").asText().contains("is already shorter than 60000ms"));
        send(new ClientEvent.ItemTruncate(assistantItem, 0, 1_000));
        assertEquals(1000, next("conversation.item.truncated").path("audio_end_ms").asLong());

        System.out.println("schema violations: expected [], actual " + server.violations());
        assertEquals(List.of(), server.violations());
    }

    @Test
    void servesTheResponsesApiBesideTheSocketAndNothingElse() throws Exception {
        var http = HttpClient.newHttpClient();
        String transcript = "[00:00:01] caller: Hello there\n[00:00:03] assistant: Hi\n";
        var post = java.net.http.HttpRequest.newBuilder(server.restUrl().resolve("/v1/responses"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(Json.object().put("model", "m")
                        .put("input", transcript)))).build();
        var answer = http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
        String text = Json.parseObject(answer.body()).path("output").path(0).path("content").path(0).path("text").asText();
        System.out.printf("POST /v1/responses: expected 200 and the offline summary, actual %d %s%n", answer.statusCode(), text);
        assertEquals(200, answer.statusCode());
        assertEquals(FakeResponsesHandler.summarize(transcript), text);

        var other = http.send(java.net.http.HttpRequest.newBuilder(server.restUrl().resolve("/v1/models")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        System.out.println("GET /v1/models: expected 404, actual " + other.statusCode());
        assertEquals(404, other.statusCode());
    }

    @Test
    void answersModelLookupsFromItsCatalogAndTestsCanRetireAModel() throws Exception {
        var http = HttpClient.newHttpClient();
        server.models().put("gpt-test-retiring", "2026-12-20");
        List<String> expected = List.of("200 null", "200 2027-01-20", "200 2026-12-20", "404 model_not_found");
        List<String> actual = new ArrayList<>();
        for (String id : List.of("gpt-realtime-2.1", "gpt-realtime", "gpt-test-retiring", "no-such-model")) {
            var answer = http.send(java.net.http.HttpRequest.newBuilder(server.restUrl().resolve("/v1/models/" + id)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.parseObject(answer.body());
            if (answer.statusCode() == 200) {
                assertEquals(id, body.path("id").asText());
                assertEquals("model", body.path("object").asText());
                assertTrue(body.has("shutdown_date"), "shutdown_date is present, null when none is announced");
                actual.add(answer.statusCode() + " " + body.path("shutdown_date").asText("null"));
            } else {
                actual.add(answer.statusCode() + " " + body.path("error").path("code").asText());
            }
        }
        System.out.println("GET /v1/models/{id}: expected " + expected + ", actual " + actual);
        assertEquals(expected, actual);
        assertEquals(4, server.models().lookups());
    }

    /** As the service does, a session.update with a value the schema rules out is refused whole; the session keeps its settings. */
    @Test
    void refusesASessionUpdateTheSpecRejectsAndKeepsTheSessionAsItWas() throws Exception {
        var good = new SessionConfig("gpt-realtime-2.1", "test", "marin", AudioFormat.PCMU, AudioFormat.PCMU,
                List.of("audio"), Optional.empty(), Optional.of(new SessionConfig.ServerVad(0.5, 300, 500,
                java.util.OptionalInt.of(8_000), true, true)));
        send(new ClientEvent.SessionUpdate(good));
        next("session.created");
        JsonNode updated = next("session.updated");
        String bad = RealtimeCodec.encode(new ClientEvent.SessionUpdate(good)).replace("\"idle_timeout_ms\":8000",
                "\"idle_timeout_ms\":1000").replace("\"audio/pcmu\"", "\"audio/pcm\",\"rate\":24000");
        ws.sendText(bad, true).join();
        JsonNode error = next("error").path("error");
        System.out.println("idle_timeout_ms 1000: expected invalid_request_error on the idle timeout, actual "
                + error.path("type").asText() + " " + error.path("param").asText() + ": " + error.path("message").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("param").asText().contains("idle_timeout_ms"), error.toString());
        assertEquals(1, server.sessionUpdatesRejected());
        send(new ClientEvent.SessionUpdate(good.withFormats(AudioFormat.PCMU, AudioFormat.PCMU)));
        JsonNode again = next("session.updated");
        System.out.println("after the refusal: expected the earlier settings, actual the same: "
                + again.path("session").path("audio").equals(updated.path("session").path("audio")));
        assertEquals(updated.path("session").path("audio"), again.path("session").path("audio"));
    }

    /** Appends {@code before} ms of silence, {@code clip}, and {@code after} ms of silence, in 20 ms frames. */
    private void appendSilenceAround(byte[] clip, int before, int after) {
        byte[] audio = new byte[(before * 8 + clip.length + after * 8) / 160 * 160 + 160];
        Arrays.fill(audio, MuLaw.SILENCE);
        System.arraycopy(clip, 0, audio, before * 8, clip.length);
        for (int i = 0; i < audio.length; i += 160) {
            send(new ClientEvent.InputAudioAppend(Base64.getEncoder().encodeToString(Arrays.copyOfRange(audio, i, i + 160))));
        }
    }

    /**
     * With {@code idle_timeout_ms}, a caller silent that long after the reply has played gets
     * {@code timeout_triggered}, an empty committed turn and a spoken prompt; speech before then disarms it.
     */
    @Test
    void anIdleTimeoutAfterTheReplyMakesTheModelPromptTheCaller() throws Exception {
        CallScript script = scripts.getFirst();
        send(new ClientEvent.SessionUpdate(new SessionConfig("gpt-realtime-2.1", "test", "marin", AudioFormat.PCMU,
                AudioFormat.PCMU, List.of("audio"), Optional.of(new SessionConfig.Transcription("gpt-transcribe", "")),
                Optional.of(new SessionConfig.ServerVad(0.5, 300, 500, java.util.OptionalInt.of(5_000), true, true)))));
        byte[] clip = script.caller(0).mulaw();
        long replyMs = script.assistant(0).millis();
        // The caller's line and the silence that ends the turn; once the reply is out, silence as long as its
        // playback, the 5 s timeout and 2 s more (the stand-in's idle clock is the input audio's).
        appendSilenceAround(clip, 1000, 600);
        next("response.done");
        appendSilenceAround(new byte[0], 0, (int) (replyMs + 5_000 + 2_000));
        JsonNode timeout = next("input_audio_buffer.timeout_triggered");
        long span = timeout.path("audio_end_ms").asLong() - timeout.path("audio_start_ms").asLong();
        System.out.println("timeout_triggered: expected a 5000 ms silent span, actual " + span + " ms; "
                + timeout.path("audio_end_ms").asLong() + " ms into the input");
        assertEquals(5_000, span);
        String itemId = timeout.path("item_id").asText();
        assertEquals(itemId, next("input_audio_buffer.committed").path("item_id").asText());
        assertEquals("", next("conversation.item.input_audio_transcription.completed").path("transcript").asText());
        JsonNode said = next("response.output_audio_transcript.done");
        String prompt = CallScripts.idlePrompt(ClipMatcherTest.DATA).text();
        System.out.println("the model's prompt: expected \"" + prompt + "\", actual \"" + said.path("transcript").asText() + "\"");
        assertEquals(prompt, said.path("transcript").asText());
        assertEquals(1, server.idleTimeouts());
        System.out.println("schema violations: expected [], actual " + server.violations());
        assertEquals(List.of(), server.violations());
    }
}
