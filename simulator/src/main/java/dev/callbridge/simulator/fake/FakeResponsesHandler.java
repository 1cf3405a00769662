package dev.callbridge.simulator.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offline stand-in for OpenAI's Responses API ({@code POST /v1/responses}): for the bridge's call summaries it
 * answers a deterministic summary (turn counts and the caller's first line); for the simulator's generated callers
 * (metadata {@code purpose: caller-line}) a deterministic next caller line. Both in the Responses API's JSON shape.
 */
final class FakeResponsesHandler {
    static final String MODEL = "offline-summary";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong served = new AtomicLong();

    long served() {
        return served.get();
    }

    /** The JSON answer to a {@code POST /v1/responses} body. */
    String answer(String requestBody) throws java.io.IOException {
        JsonNode body = JSON.readTree(requestBody);
        String input = body.path("input").isTextual() ? body.path("input").asText() : body.path("input").toString();
        boolean callerLine = body.path("metadata").path("purpose").asText().equals("caller-line");
        String text = callerLine ? nextCallerLine(input) : summarize(input);
        String reply = JSON.writeValueAsString(response(body.path("model").asText(MODEL), text));
        served.incrementAndGet();
        return reply;
    }

    /** What the stand-in "understood": counts of turns and the caller's opening line. */
    static String summarize(String transcript) {
        long caller = transcript.lines().filter(l -> l.contains("] caller: ")).count();
        long assistant = transcript.lines().filter(l -> l.contains("] assistant")).count();
        String opening = transcript.lines().filter(l -> l.contains("] caller: ")).findFirst()
                .map(l -> l.substring(l.indexOf("] caller: ") + 10)).orElse("(nothing)");
        return "Offline summary: " + caller + " caller turns, " + assistant + " assistant turns. The caller opened with: \""
                + opening + "\"";
    }

    /** A caller's next line from the conversation so far ({@code caller:} / {@code assistant:} lines). */
    static String nextCallerLine(String conversation) {
        long said = conversation.lines().filter(l -> l.startsWith("caller: ")).count();
        String lastReply = conversation.lines().filter(l -> l.startsWith("assistant: ")).reduce((a, b) -> b)
                .map(l -> l.substring(11)).orElse("");
        String[] words = lastReply.split("\\s+");
        String gist = String.join(" ", java.util.Arrays.copyOf(words, Math.min(4, words.length))).strip();
        return "Generated line " + (said + 1) + ": you said \"" + gist + "\", so what happens next?";
    }

    private static ObjectNode response(String model, String text) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "resp_offline").put("object", "response").put("created_at", 1_795_000_000L)
                .put("status", "completed").put("model", model).put("parallel_tool_calls", false)
                .put("tool_choice", "auto").putNull("error").putNull("incomplete_details").putNull("instructions");
        r.putArray("tools");
        r.putObject("metadata");
        ObjectNode message = r.putArray("output").addObject();
        message.put("type", "message").put("id", "msg_offline").put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return r;
    }
}
