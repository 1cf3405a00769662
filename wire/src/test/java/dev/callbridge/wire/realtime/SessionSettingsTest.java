package dev.callbridge.wire.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.callbridge.wire.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden {@code session.update} messages for the production session settings (turn detection of either kind, idle
 * timeout, noise reduction, reasoning effort, output cap, truncation): each written exactly as expected, valid
 * against the official schema, and read back by the stand-in's decoder to the same settings.
 */
class SessionSettingsTest {
    private static RealtimeSchema schema;

    @BeforeAll
    static void load() {
        schema = RealtimeSchema.load();
    }

    private static final SessionConfig.Options PHONE_OPTIONS = new SessionConfig.Options(
            Optional.of(SessionConfig.NoiseReduction.NEAR_FIELD), Optional.of(SessionConfig.ReasoningEffort.LOW),
            OptionalInt.of(4096), Optional.of(new SessionConfig.Truncation.RetentionRatio(0.8, OptionalInt.empty())));

    /** What the bridge sends by default for a pcmu call (README, "Models" and the settings table). */
    private static SessionConfig phoneSession(String transcriptionModel) {
        return new SessionConfig("gpt-realtime-2.1", "Be brief.", "marin", AudioFormat.PCMU, AudioFormat.PCMU,
                List.of("audio"), Optional.of(new SessionConfig.Transcription(transcriptionModel, "en")),
                Optional.of(new SessionConfig.ServerVad(0.5, 300, 500, OptionalInt.of(10_000), true, true)),
                PHONE_OPTIONS);
    }

    @Test
    void theDefaultPhoneSessionIsWrittenExactlyAndIsSchemaValid() {
        String expected = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime-2.1\","
                + "\"instructions\":\"Be brief.\",\"output_modalities\":[\"audio\"],\"audio\":{\"input\":{\"format\":"
                + "{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"gpt-transcribe\",\"language\":\"en\"},"
                + "\"noise_reduction\":{\"type\":\"near_field\"},\"turn_detection\":{\"type\":\"server_vad\","
                + "\"threshold\":0.5,\"prefix_padding_ms\":300,\"silence_duration_ms\":500,\"idle_timeout_ms\":10000,"
                + "\"create_response\":true,\"interrupt_response\":true}},\"output\":{\"format\":{\"type\":\"audio/pcmu\"},"
                + "\"voice\":\"marin\"}},\"reasoning\":{\"effort\":\"low\"},\"max_output_tokens\":4096,"
                + "\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.8}}}";
        String actual = RealtimeCodec.encode(new ClientEvent.SessionUpdate(phoneSession("gpt-transcribe")));
        System.out.println("default phone session.update:\n  expected " + expected + "\n  actual   " + actual);
        assertEquals(expected, actual);
        assertValidAndReadBack(actual);
    }

    /** MODELS.md leaves open which transcriber OpenAI recommends inside a voice session: both are written and valid. */
    @Test
    void bothCurrentTranscriptionModelsAreAccepted() {
        for (String model : List.of("gpt-transcribe", "gpt-live-transcribe")) {
            String json = RealtimeCodec.encode(new ClientEvent.SessionUpdate(phoneSession(model)));
            System.out.println(model + ": expected in the update and schema-valid, actual "
                    + Json.parseObject(json).path("session").path("audio").path("input").path("transcription"));
            assertEquals(model, Json.parseObject(json).path("session").path("audio").path("input")
                    .path("transcription").path("model").asText());
            assertValidAndReadBack(json);
        }
    }

    @Test
    void everyVariantOfEachSettingIsSchemaValidAndReadsBack() {
        List<SessionConfig.TurnDetection> turns = List.of(
                new SessionConfig.ServerVad(0.6, 200, 700, true, true),
                new SessionConfig.ServerVad(0.5, 300, 500, OptionalInt.of(5_000), true, false),
                new SessionConfig.ServerVad(0.5, 300, 500, OptionalInt.of(30_000), true, true),
                new SessionConfig.SemanticVad(SessionConfig.Eagerness.LOW, true, true),
                new SessionConfig.SemanticVad(SessionConfig.Eagerness.AUTO, false, true),
                new SessionConfig.SemanticVad(SessionConfig.Eagerness.HIGH, true, true));
        List<SessionConfig.Options> options = List.of(SessionConfig.Options.NONE,
                new SessionConfig.Options(Optional.of(SessionConfig.NoiseReduction.FAR_FIELD),
                        Optional.of(SessionConfig.ReasoningEffort.MINIMAL), OptionalInt.of(1),
                        Optional.of(new SessionConfig.Truncation.Auto())),
                new SessionConfig.Options(Optional.empty(), Optional.of(SessionConfig.ReasoningEffort.XHIGH),
                        OptionalInt.empty(), Optional.of(new SessionConfig.Truncation.Disabled())),
                new SessionConfig.Options(Optional.of(SessionConfig.NoiseReduction.NEAR_FIELD), Optional.empty(),
                        OptionalInt.of(4096), Optional.of(new SessionConfig.Truncation.RetentionRatio(0.5,
                        OptionalInt.of(8_000)))));
        int checked = 0;
        for (SessionConfig.TurnDetection turn : turns) {
            for (SessionConfig.Options o : options) {
                var session = new SessionConfig("gpt-realtime-2.1-mini", "x", "cedar", AudioFormat.PCM, AudioFormat.PCM,
                        List.of("audio"), Optional.empty(), Optional.of(turn), o);
                assertValidAndReadBack(RealtimeCodec.encode(new ClientEvent.SessionUpdate(session)));
                checked++;
            }
        }
        System.out.println("turn detection × options: expected 24 valid updates read back, actual " + checked);
        assertEquals(24, checked);
    }

    private static void assertValidAndReadBack(String json) {
        List<String> problems = schema.validateClient(json);
        assertEquals(List.of(), problems, json);
        var back = (ClientEvent.SessionUpdate) RealtimeCodec.decodeClient(json);
        assertEquals(json, RealtimeCodec.encode(back), "the stand-in reads the same settings back");
    }

    /** What the stand-in refuses, as the service does: each value the schema rules out. */
    @Test
    void theSchemaRejectsOutOfRangeValues() {
        String valid = RealtimeCodec.encode(new ClientEvent.SessionUpdate(phoneSession("gpt-transcribe")));
        List<String[]> bad = List.of(
                new String[] {"\"idle_timeout_ms\":10000", "\"idle_timeout_ms\":4000"},
                new String[] {"\"idle_timeout_ms\":10000", "\"idle_timeout_ms\":31000"},
                new String[] {"\"near_field\"", "\"mid_field\""},
                new String[] {"\"effort\":\"low\"", "\"effort\":\"extreme\""},
                new String[] {"\"max_output_tokens\":4096", "\"max_output_tokens\":\"lots\""},
                new String[] {"\"retention_ratio\":0.8", "\"retention_ratio\":1.5"},
                new String[] {"\"type\":\"server_vad\"", "\"type\":\"loud_vad\""});
        for (String[] change : bad) {
            String json = valid.replace(change[0], change[1]);
            List<String> problems = schema.validateClient(json);
            System.out.println(change[1] + ": expected schema problems, actual " + problems.size() + " "
                    + (problems.isEmpty() ? "" : problems.getFirst()));
            assertFalse(problems.isEmpty(), change[1]);
        }
    }

    @Test
    void recordsRefuseWhatTheSpecRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig.ServerVad(0.5, 300, 500,
                OptionalInt.of(4_999), true, true));
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig.Options(Optional.empty(), Optional.empty(),
                OptionalInt.of(4_097), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SessionConfig.Truncation.RetentionRatio(1.01,
                OptionalInt.empty()));
    }

    @Test
    void theIdleTimeoutEventIsTyped() {
        String json = "{\"type\":\"input_audio_buffer.timeout_triggered\",\"event_id\":\"event_CEKKrf1KTGvemCPyiJTJ2\","
                + "\"audio_start_ms\":13216,\"audio_end_ms\":19232,\"item_id\":\"item_CEKKrWH0GiwN0ET97NUZc\"}";
        var expected = new ServerEvent.IdleTimeoutTriggered("item_CEKKrWH0GiwN0ET97NUZc", 13_216, 19_232);
        ServerEvent actual = RealtimeCodec.decodeServer(json);
        System.out.println("timeout_triggered: expected " + expected + ", actual " + actual);
        assertEquals(List.of(), schema.validateServer(json));
        assertEquals(expected, actual);
    }
}
