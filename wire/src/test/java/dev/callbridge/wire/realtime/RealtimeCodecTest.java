package dev.callbridge.wire.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden messages: the {@code x-oaiMeta.example} of every event in the official schema. */
class RealtimeCodecTest {
    private static JsonNode defs;
    private static RealtimeSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = RealtimeCodecTest.class.getResourceAsStream("/spec/openai-realtime-events.schema.json")) {
            defs = Json.MAPPER.readTree(in).path("$defs");
        }
        schema = RealtimeSchema.load();
    }

    /**
     * The schema's example for {@code def}, re-serialised: four of the spec's examples carry trailing commas,
     * which a lenient parser reads past. The audio delta's example carries a placeholder,
     * {@value #PLACEHOLDER_DELTA}, which is not base64 and which the codec refuses as it would from the service;
     * here it becomes real base64.
     */
    private static String example(String def) {
        String raw = rawExample(def);
        if (raw.isEmpty()) {
            return raw;
        }
        try {
            JsonNode example = LENIENT.readTree(raw);
            if (PLACEHOLDER_DELTA.equals(example.path("delta").asText())) {
                ((ObjectNode) example).put("delta", "AAD/fw==");
            }
            return Json.write(example);
        } catch (IOException e) {
            throw new AssertionError("unreadable example of " + def, e);
        }
    }

    private static final String PLACEHOLDER_DELTA = "Base64EncodedAudioDelta";

    private static String rawExample(String def) {
        return defs.path(def).path("x-oaiMeta").path("example").asText();
    }

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    @Test
    void everyGaServerExampleIsRecognised() {
        List<String> unrecognised = new ArrayList<>();
        int seen = 0;
        for (JsonNode branch : defs.path("RealtimeServerEvent").path("anyOf")) {
            String def = branch.path("$ref").asText().substring("#/$defs/".length());
            String example = example(def);
            if (example.isEmpty()) {
                continue;
            }
            JsonNode typeNode = defs.path(def).path("properties").path("type");
            String declared = typeNode.has("const") ? typeNode.path("const").asText() : typeNode.path("enum").path(0).asText();
            if (!Json.parseObject(example).path("type").asText().equals(declared)) {
                // The spec's dtmf example spells its type " input_audio_buffer.dtmf_event_received".
                System.out.printf("skipped %s: its example's type differs from the declared '%s'%n", def, declared);
                continue;
            }
            seen++;
            if (RealtimeCodec.decodeServer(example) instanceof ServerEvent.Unrecognized u) {
                unrecognised.add(u.type());
            }
        }
        System.out.printf("server examples decoded: %d; expected unrecognised [], actual %s%n", seen, unrecognised);
        assertTrue(seen > 30, "the schema carries examples");
        assertEquals(List.of(), unrecognised);
    }

    @Test
    void readsTheFieldsTheBridgeActsOn() {
        var delta = RealtimeCodec.decodeServer(example("RealtimeServerEventResponseAudioDelta"));
        var d = assertInstanceOf(ServerEvent.AudioDelta.class, delta);
        assertFalse(d.itemId().isEmpty());
        assertEquals("AAD/fw==", d.delta());
        String placeholder = rawExample("RealtimeServerEventResponseAudioDelta");
        System.out.println("the spec's example delta as-is: expected refused (" + PLACEHOLDER_DELTA + " is not base64), actual "
                + assertThrows(WireFormatException.class, () -> RealtimeCodec.decodeServer(placeholder)).getMessage());

        var committed = assertInstanceOf(ServerEvent.AudioCommitted.class,
                RealtimeCodec.decodeServer(example("RealtimeServerEventInputAudioBufferCommitted")));
        assertFalse(committed.itemId().isEmpty());

        var transcript = assertInstanceOf(ServerEvent.InputTranscriptionCompleted.class, RealtimeCodec.decodeServer(
                example("RealtimeServerEventConversationItemInputAudioTranscriptionCompleted")));
        assertEquals("Hey, can you hear me?", transcript.transcript());

        var done = assertInstanceOf(ServerEvent.ResponseDone.class,
                RealtimeCodec.decodeServer(example("RealtimeServerEventResponseDone")));
        assertEquals("completed", done.status());
        assertEquals(132, done.inputTokens());
        assertEquals(121, done.outputTokens());

        var added = assertInstanceOf(ServerEvent.ItemAdded.class,
                RealtimeCodec.decodeServer(example("RealtimeServerEventConversationItemAdded")));
        assertEquals(Optional.empty(), added.previousItemId());
        assertEquals("user", added.role());

        var error = assertInstanceOf(ServerEvent.Error.class, RealtimeCodec.decodeServer(
                "{\"type\":\"error\",\"event_id\":\"e1\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"code\":\"session_expired\",\"message\":\"Your session hit the maximum duration of 60 minutes.\"}}"));
        assertEquals("session_expired", error.code());

        var words = assertInstanceOf(ServerEvent.AudioTranscriptDelta.class, RealtimeCodec.decodeServer(
                example("RealtimeServerEventResponseAudioTranscriptDelta")));
        System.out.println("transcript delta: expected non-empty words, actual '" + words.delta() + "'");
        assertFalse(words.delta().isEmpty());
    }

    @Test
    void unknownTypesAreValuesNotFailures() {
        var e = RealtimeCodec.decodeServer("{\"type\":\"response.hologram.delta\",\"event_id\":\"e\"}");
        assertEquals("response.hologram.delta", assertInstanceOf(ServerEvent.Unrecognized.class, e).type());
        assertInstanceOf(ServerEvent.Ignored.class, RealtimeCodec.decodeServer(example("RealtimeServerEventRateLimitsUpdated")));
    }

    @Test
    void appendAudioIsBase64OrRefusedSoTheCodecCanWriteItUnescaped() {
        String ok = RealtimeCodec.encode(new ClientEvent.InputAudioAppend("f39/AA=="));
        System.out.println("append written: expected {\"type\":\"input_audio_buffer.append\",\"audio\":\"f39/AA==\"}, actual " + ok);
        assertEquals("{\"type\":\"input_audio_buffer.append\",\"audio\":\"f39/AA==\"}", ok);
        var refused = assertThrows(WireFormatException.class, () -> RealtimeCodec.decodeClient(
                "{\"type\":\"input_audio_buffer.append\",\"audio\":\"not \\\"base64\\\" \\\\ é\"}"));
        System.out.println("non-base64 append read: expected a refusal, actual: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("not base64"));
        // A delta the fast path hands to the tree model (here: an unknown member) is checked there too.
        var delta = assertThrows(WireFormatException.class, () -> RealtimeCodec.decodeServer(
                "{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"extra\":1,\"delta\":\"abc\"}"));
        System.out.println("non-base64 delta on the tree model's path: expected a refusal, actual: " + delta.getMessage());
        assertTrue(delta.getMessage().contains("audio delta is not base64"));
        // Producers give base64 by construction; with assertions on (the tests) the record checks it.
        assertThrows(AssertionError.class, () -> new ClientEvent.InputAudioAppend("not \"base64\""));
    }

    @Test
    void everyClientEventTheBridgeSendsValidatesAgainstTheSchema() {
        var session = new SessionConfig("gpt-realtime-2.1", "You are a helpful phone assistant.", "marin",
                AudioFormat.PCMU, AudioFormat.PCMU, List.of("audio"),
                Optional.of(new SessionConfig.Transcription("gpt-transcribe", "en")),
                Optional.of(new SessionConfig.ServerVad(0.5, 300, 500, true, true)));
        var pcmSession = new SessionConfig("gpt-realtime-2.1", "x", "cedar", AudioFormat.PCM, AudioFormat.PCM,
                List.of("text"), Optional.empty(), Optional.empty());
        List<ClientEvent> events = List.of(new ClientEvent.SessionUpdate(session), new ClientEvent.SessionUpdate(pcmSession),
                new ClientEvent.InputAudioAppend("f39/"),
                new ClientEvent.InputAudioCommit(),
                new ClientEvent.InputAudioClear(), new ClientEvent.ItemTruncate("item_2", 0, 1500),
                new ClientEvent.ItemCreate(Optional.of("root"), "system", "Summary so far: …"),
                new ClientEvent.ItemCreate(Optional.empty(), "assistant", "Hello."),
                new ClientEvent.ItemCreate(Optional.empty(), "user", "What time is it?"),
                new ClientEvent.ItemCreate(Optional.empty(), "user", "The caller pressed 3 on the phone's keypad.",
                        Optional.of("item_key_1")),
                new ClientEvent.ItemDelete("item_3"),
                new ClientEvent.ResponseCreate(), new ClientEvent.ResponseCancel());
        for (ClientEvent e : events) {
            String json = RealtimeCodec.encode(e);
            List<String> problems = schema.validateClient(json);
            System.out.printf("%s: expected no schema problems, actual %s%n", json.length() > 90 ? json.substring(0, 90) + "…" : json, problems);
            assertEquals(List.of(), problems, json);
            assertEquals(e, RealtimeCodec.decodeClient(json), "decodes back to the same event");
        }
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() {
        assertFalse(schema.validateClient("{\"type\":\"conversation.item.truncate\",\"item_id\":\"i\"}").isEmpty());
        assertFalse(schema.validateServer("{\"type\":\"response.output_audio.delta\",\"event_id\":\"e\"}").isEmpty());
        assertFalse(schema.validateServer("{\"type\":\"response.audio.delta\"}").isEmpty(), "beta names are not GA");
    }

    /**
     * Audio deltas take a fast path; whatever it accepts must decode exactly as the tree model does, and whatever
     * it does not must fail (or come back unrecognised) as the tree model does. Checked on variants of a real delta
     * and on 20,000 one-character and 10,000 two-character seeded mutations of it.
     */
    @Test
    void theAudioDeltaFastPathAgreesWithTheTreeModelOnEveryInput() {
        String real = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_3\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"AAECAwQ=\"}";
        List<String> variants = List.of(real,
                real.replace(",\"event_id\":\"event_3\"", ""),                                  // no event id
                real.replace(",\"content_index\":0", ""),                                        // no content index
                real.replace("\"content_index\":0", "\"content_index\":\"2\""),                  // a digit string
                real.replace("\"content_index\":0", "\"content_index\":1.0"),                    // a float
                real.replace("\"content_index\":0", "\"content_index\":null"),                   // null
                real.replace("AAECAwQ=", "AAEC\\/wQ="), real.replace("AAECAwQ=", "AA\\\"CAwQ="),      // escapes
                real.replace("AAECAwQ=", "AAECAw\u0001="), real.replace("AAECAwQ=", "Ünïcödé"),      // not base64
                real.replace("AAECAwQ=", ""),                                                    // empty delta
                real.replace("\"item_id\"", "\"item_id\":\"item_0\",\"item_id\""),              // a duplicate
                real.replace("}", ",\"extra\":{\"a\":[1]}}"), real + " x", real + "\n",        // extra, trailing
                real.replace(",", " ,\n ").replace(":", " : "),                                   // whitespace
                "{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA\",\"item_id\":\"i\",\"response_id\":\"r\"}");
        var random = new java.util.SplittableRandom(11);
        String alphabet = "{}[]\":,0123456789-.abcdefghijklmnopqrstuvwxyz+/=\\ \u00e9";
        var inputs = new ArrayList<String>(variants);
        for (int i = 0; i < 30_000; i++) {
            char[] chars = real.toCharArray();
            for (int k = 0; k < (i < 20_000 ? 1 : 2); k++) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            inputs.add(new String(chars));
        }
        int decoded = 0;
        int fast = 0;
        for (String text : inputs) {
            String viaTree = outcome(() -> RealtimeCodec.decodeTree(text));
            assertEquals(viaTree, outcome(() -> RealtimeCodec.decodeServer(text)), text);
            decoded += viaTree.startsWith("ok AudioDelta") ? 1 : 0;
            fast += text.startsWith("{\"type\":\"response.output_audio.delta\"")
                    && AudioDeltaScanner.scan(text, "{\"type\":\"response.output_audio.delta\"".length()) != null ? 1 : 0;
        }
        System.out.println("audio delta fast path vs tree model on " + inputs.size() + " inputs: expected all equal, "
                + "actual all equal; " + decoded + " decoded as deltas (" + fast + " by the fast path)");
        assertEquals(new ServerEvent.AudioDelta("resp_1", "item_2", 0, "AAECAwQ="), AudioDeltaScanner.scan(real,
                "{\"type\":\"response.output_audio.delta\"".length()));
        // A mutated member name is an unknown member, which the tree ignores and the fast path leaves to it: about
        // half of the decodable mutations; real deltas have the known names.
        assertTrue(fast > decoded / 3, "the fast path takes the deltas with known members: " + fast + " of " + decoded);
    }

    private static String outcome(java.util.function.Supplier<ServerEvent> decode) {
        try {
            return "ok " + decode.get();
        } catch (RuntimeException e) {
            return "refused " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }
}
