package dev.callbridge.simulator.text;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputText;
import dev.callbridge.simulator.twilio.CallResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A caller played by a model (OpenAI Responses API through {@code openai-java}): the first line is the given
 * opening line; each next line is written from the persona and the conversation so far. Any OpenAI-compatible
 * base URL works (the offline stand-in serves one). A failed request throws: the call reports it.
 */
public final class GeneratedLines implements CallerLines {
    /** Marks these requests for servers that serve several purposes (the offline stand-in answers by it). */
    public static final String PURPOSE = "caller-line";

    private final OpenAIClient client;
    private final String model;
    private final String persona;
    private final String opening;

    public GeneratedLines(OpenAIClient client, String model, String persona, String opening) {
        this.client = client;
        this.model = model;
        this.persona = persona;
        this.opening = opening;
    }

    static String instructions(String persona) {
        return "You are a person calling a company's phone line and talking to its assistant. Persona: " + persona
                + ". Write only your next line as the caller: one or two short spoken sentences, no stage directions,"
                + " no quotation marks, no speaker label.";
    }

    /** The conversation as the model reads it: one {@code caller:} or {@code assistant:} line a turn. */
    static String transcript(List<CallResult.ExpectedTurn> soFar) {
        return soFar.stream().map(t -> t.speaker() + ": " + t.text().replace('\n', ' ')).collect(Collectors.joining("\n"));
    }

    @Override
    public String next(List<CallResult.ExpectedTurn> soFar) {
        if (soFar.isEmpty()) {
            return opening;
        }
        var response = client.responses().create(ResponseCreateParams.builder().model(model)
                .instructions(instructions(persona)).input(transcript(soFar)).maxOutputTokens(120L).store(false)
                .metadata(ResponseCreateParams.Metadata.builder().putAdditionalProperty("purpose", JsonValue.from(PURPOSE))
                        .build())
                .build());
        String line = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text).collect(Collectors.joining()).strip().replace('\n', ' ');
        if (line.isEmpty()) {
            throw new IllegalStateException("the caller model returned no text");
        }
        return line;
    }
}
