package dev.callbridge.bridge.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The committed corpus of hostile inputs the fuzz test replays: for each protocol the bridge reads, valid messages
 * (the seeds) and, derived from them deterministically, every field removed, nulled, retyped and pushed to extremes,
 * truncated documents, and input that is not JSON at all. Regenerate (after changing a seed) with
 * {@code ./mvnw -pl bridge test -Dtest=ProtocolFuzzTest -Dfuzz.regenerate=true}; the test fails while the committed
 * files and this generator disagree. The hand-written call sequences in {@code call-sequences/} are not generated.
 */
public final class FuzzCorpus {
    static final String MEDIA = "media-streams";
    static final String RELAY = "conversation-relay";
    static final String REALTIME = "realtime-server";
    static final String SEQUENCES = "call-sequences";

    private FuzzCorpus() {}

    static Map<String, String> mediaSeeds() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("connected", "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        s.put("start", "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\",\"streamSid\":\"MZfuzz\","
                + "\"callSid\":\"CAfuzz\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                + "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"from\":\"+15550100001\",\"token\":\"TOKEN\"}},"
                + "\"streamSid\":\"MZfuzz\"}");
        s.put("media", "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                + "\"timestamp\":\"20\",\"payload\":\"////////////////////////////////////////////////////////////////////////////\"},"
                + "\"streamSid\":\"MZfuzz\"}");
        s.put("mark", "{\"event\":\"mark\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZfuzz\",\"mark\":{\"name\":\"item_1:100\"}}");
        s.put("dtmf", "{\"event\":\"dtmf\",\"streamSid\":\"MZfuzz\",\"sequenceNumber\":\"4\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}");
        s.put("stop", "{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZfuzz\",\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\"CAfuzz\"}}");
        return s;
    }

    static Map<String, String> relaySeeds() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("setup", "{\"type\":\"setup\",\"sessionId\":\"VX1\",\"callSid\":\"CAfuzz\",\"from\":\"+15550100001\","
                + "\"to\":\"+15550199000\",\"direction\":\"inbound\",\"customParameters\":{\"token\":\"TOKEN\"}}");
        s.put("prompt", "{\"type\":\"prompt\",\"voicePrompt\":\"Hello there\",\"lang\":\"en-US\",\"last\":true}");
        s.put("interrupt", "{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"Hello\",\"durationUntilInterruptMs\":460}");
        s.put("dtmf", "{\"type\":\"dtmf\",\"digit\":\"5\"}");
        s.put("info", "{\"type\":\"info\",\"name\":\"tokensPlayed\",\"value\":\"3\"}");
        s.put("error", "{\"type\":\"error\",\"description\":\"Invalid message received\"}");
        return s;
    }

    static Map<String, String> realtimeSeeds() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("session-created", "{\"type\":\"session.created\",\"event_id\":\"e1\",\"session\":{\"type\":\"realtime\","
                + "\"object\":\"realtime.session\",\"id\":\"sess_1\",\"expires_at\":1767225600,\"model\":\"gpt-realtime-2.1\"}}");
        s.put("speech-started", "{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"e2\",\"audio_start_ms\":1000,\"item_id\":\"item_1\"}");
        s.put("committed", "{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"e3\",\"previous_item_id\":null,\"item_id\":\"item_1\"}");
        s.put("item-added", "{\"type\":\"conversation.item.added\",\"event_id\":\"e4\",\"previous_item_id\":\"item_1\","
                + "\"item\":{\"id\":\"item_2\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}}");
        s.put("transcription", "{\"type\":\"conversation.item.input_audio_transcription.completed\",\"event_id\":\"e5\","
                + "\"item_id\":\"item_1\",\"content_index\":0,\"transcript\":\"Hello?\"}");
        s.put("audio-delta", "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e6\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"//////////8=\"}");
        s.put("transcript-delta", "{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"e7\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}");
        s.put("response-done", "{\"type\":\"response.done\",\"event_id\":\"e8\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
                + "\"status_details\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}}");
        s.put("error", "{\"type\":\"error\",\"event_id\":\"e9\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"code\":\"session_expired\",\"message\":\"Your session hit the maximum duration of 60 minutes.\"}}");
        s.put("truncated", "{\"type\":\"conversation.item.truncated\",\"event_id\":\"e10\",\"item_id\":\"item_2\",\"content_index\":0,\"audio_end_ms\":300}");
        return s;
    }

    /** Values a field is replaced with: wrong types and extremes. */
    private static Map<String, JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("null", f.nullNode());
        v.put("array", f.arrayNode().add("x"));
        v.put("object", f.objectNode().put("x", 1));
        v.put("true", f.booleanNode(true));
        v.put("negative", f.numberNode(-1));
        v.put("huge", f.numberNode(new java.math.BigInteger("99999999999999999999999999")));
        v.put("nan-string", f.textNode("NaN"));
        v.put("surrogate", f.textNode("\ud800\u0000\u202e"));
        return v;
    }

    /** Every hostile variant of one seed, by name. */
    static Map<String, String> variants(String seed) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("valid", seed);
        for (int cut : new int[] {1, seed.length() / 3, seed.length() / 2, seed.length() - 1}) {
            out.put("cut" + cut, seed.substring(0, cut));
        }
        ObjectNode root = Json.parseObject(seed);
        for (List<String> path : paths(root, List.of())) {
            String name = String.join(".", path);
            out.put(name + "-removed", edit(seed, path, null));
            for (var h : hostileValues().entrySet()) {
                out.put(name + "-" + h.getKey(), edit(seed, path, n -> h.getValue()));
            }
        }
        return out;
    }

    private static List<List<String>> paths(JsonNode node, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            if (node.get(name).isObject() && path.size() < 3) {
                paths.addAll(paths(node.get(name), path));
            }
        });
        return paths;
    }

    /** The seed with the field at {@code path} replaced ({@code with == null}: removed). */
    private static String edit(String seed, List<String> path, UnaryOperator<JsonNode> with) {
        ObjectNode root = Json.parseObject(seed);
        ObjectNode parent = root;
        for (String step : path.subList(0, path.size() - 1)) {
            parent = (ObjectNode) parent.get(step);
        }
        String last = path.getLast();
        if (with == null) {
            parent.remove(last);
        } else {
            parent.set(last, with.apply(parent.get(last)));
        }
        // A lone surrogate cannot cross the wire as UTF-8, only as a JSON escape: write it so.
        return Json.write(root).replace("\ud800", "\\ud800");
    }

    /** Input that is not a message at all, the same for every protocol. */
    static Map<String, String> garbage() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("empty", "");
        g.put("space", "   \n\t");
        g.put("null", "null");
        g.put("array", "[{\"event\":\"media\"}]");
        g.put("number", "1e999999");
        g.put("string", "\"media\"");
        g.put("bom", "\ufeff{\"event\":\"connected\"}");
        g.put("nul-bytes", "{\"event\":\"conn\u0000ected\"}");
        g.put("deep-nesting", "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
        g.put("deep-objects", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000));
        g.put("duplicate-keys", "{\"event\":\"stop\",\"event\":\"media\",\"type\":\"x\",\"type\":\"prompt\"}");
        g.put("long-string", "{\"event\":\"" + "x".repeat(70_000) + "\"}");
        g.put("long-number", "{\"sequenceNumber\":" + "9".repeat(20_000) + "}");
        g.put("comments", "{/* c */\"event\":\"connected\"}");
        g.put("single-quotes", "{'event':'connected'}");
        g.put("trailing", "{\"event\":\"connected\"} {\"event\":\"stop\"}");
        g.put("binaryish", new String(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xA0, (byte) 0xA1, 0x7B}, StandardCharsets.ISO_8859_1));
        g.put("xml", "<Response><Say>hi</Say></Response>");
        return g;
    }

    /** The generated corpus of one protocol: file name to content. */
    static Map<String, String> generate(Map<String, String> seeds) {
        Map<String, String> files = new LinkedHashMap<>();
        for (var seed : seeds.entrySet()) {
            for (var v : variants(seed.getValue()).entrySet()) {
                files.put(seed.getKey() + "--" + v.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".txt", v.getValue());
            }
        }
        for (var g : garbage().entrySet()) {
            files.put("garbage--" + g.getKey() + ".txt", g.getValue());
        }
        return files;
    }

    /** Replaces the folder's files by {@code files}. */
    static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (var f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }
}
