package dev.callbridge.bridge.summary;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputText;
import com.sun.net.httpserver.HttpServer;
import dev.callbridge.mailer.mail.Utf8;
import dev.callbridge.mailer.request.MailRequest.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call summary through OpenAI's Responses API ({@code openai-java}). Any failure (HTTP error, timeout, empty
 * output) becomes a {@link Summary#unavailable} with the reason, so the mail goes out without a summary and says why.
 */
public final class OpenAiSummarizer implements CallSummarizer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenAiSummarizer.class);
    static final String INSTRUCTIONS = "You summarise phone calls between a caller and a voice assistant for the "
            + "operator who reads the call's e-mail. In at most three short sentences: what the caller wanted, what "
            + "was agreed or done, and anything left open. Plain text, no preamble.";
    /** The transcript sent for summarising is cut to this many bytes (cost bound; the mail keeps all of it). */
    static final int MAX_INPUT_BYTES = 64 * 1024;

    private final OpenAIClient client;
    private final String model;
    private final String reasoningEffort;

    /** @param reasoningEffort {@code reasoning.effort} of each request ({@code none} for a short summary); blank: not sent */
    public OpenAiSummarizer(URI baseUrl, String apiKey, String model, Duration timeout, String reasoningEffort) {
        this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(apiKey).timeout(timeout)
                .maxRetries(1).build();
        this.model = model;
        this.reasoningEffort = reasoningEffort;
    }

    @Override
    public Summary summarize(String conversation) {
        try {
            var request = ResponseCreateParams.builder().model(model).instructions(INSTRUCTIONS)
                    .input(Utf8.truncate(conversation, MAX_INPUT_BYTES)).maxOutputTokens(400L).store(false);
            if (!reasoningEffort.isEmpty()) {
                request.reasoning(Reasoning.builder().effort(ReasoningEffort.of(reasoningEffort)).build());
            }
            Response response = client.responses().create(request.build());
            String text = response.output().stream().flatMap(item -> item.message().stream())
                    .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                    .map(ResponseOutputText::text).collect(Collectors.joining()).strip();
            if (text.isEmpty()) {
                return Summary.unavailable("the summary model returned no text");
            }
            return Summary.of(text, model);
        } catch (OpenAIServiceException e) {
            log.warn("call summary failed: HTTP {} {}", e.statusCode(), e.getMessage());
            return Summary.unavailable("the OpenAI API answered HTTP " + e.statusCode());
        } catch (RuntimeException e) {
            log.warn("call summary failed: {}", e.toString());
            return Summary.unavailable("the OpenAI API could not be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** A well-formed Responses API answer, for {@link #warmUp}. */
    static final String WARM_UP_RESPONSE = """
            {"id":"resp_warmup","object":"response","created_at":1795000000,"status":"completed","model":"warm-up",
             "parallel_tool_calls":false,"tool_choice":"auto","tools":[],"error":null,"incomplete_details":null,
             "instructions":null,"metadata":{},"output":[{"type":"message","id":"msg_warmup","status":"completed",
             "role":"assistant","content":[{"type":"output_text","text":"warm","annotations":[]}]}]}
            """;

    /**
     * Runs one summary end to end through openai-java against a loopback server that answers {@link
     * #WARM_UP_RESPONSE}, and returns what came back. The first request of the SDK spends about two CPU-seconds
     * in Kotlin reflection and class loading; without this, it fell on the end of the first call, and on a bridge
     * with one core it held up the audio of every other call for 2–3 s (100-call soaks failed 11 replies cut by
     * barge-ins that were only late audio). Called once at start-up, before calls are accepted; no network.
     */
    public static Summary warmUp() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            return Summary.unavailable("no loopback port for the warm-up: " + e.getMessage());
        }
        server.createContext("/v1/responses", exchange -> {
            byte[] body = WARM_UP_RESPONSE.getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1");
        try (var summarizer = new OpenAiSummarizer(base, "warm-up", "warm-up", Duration.ofSeconds(30), "none")) {
            return summarizer.summarize("[+00:00:00.000] caller: Hello.\n");
        } finally {
            server.stop(0);
        }
    }
}
