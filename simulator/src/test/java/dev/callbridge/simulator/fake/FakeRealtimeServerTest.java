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
        server = new FakeRealtimeServer("127.0.0.1", 0, new Replies(scripts, -45), options, Optional.empty()).start();
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
        send(new ClientEvent.SessionUpdate(new SessionConfig("gpt-realtime", "test", "marin", AudioFormat.PCMU,
                AudioFormat.PCMU, List.of("audio"), Optional.of(new SessionConfig.Transcription("gpt-4o-mini-transcribe", "")),
                Optional.of(new SessionConfig.TurnDetection(0.5, 300, 500, true, true)))));
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
}
