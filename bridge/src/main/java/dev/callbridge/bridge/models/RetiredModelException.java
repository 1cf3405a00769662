package dev.callbridge.bridge.models;

import java.util.List;

/** Start-up stops: a configured model is retired or unknown to OpenAI. The message is one line per such model. */
public final class RetiredModelException extends RuntimeException {
    public RetiredModelException(List<ModelFinding> fatal) {
        super(String.join("\n", fatal.stream().map(ModelFinding::line).toList()));
    }
}
