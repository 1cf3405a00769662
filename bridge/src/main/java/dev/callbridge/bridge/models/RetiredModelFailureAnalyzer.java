package dev.callbridge.bridge.models;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up's report of a retired model: the lines that name each setting, and what to do (META-INF/spring.factories). */
public final class RetiredModelFailureAnalyzer extends AbstractFailureAnalyzer<RetiredModelException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RetiredModelException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set each named setting to a current model (README, \"Models\"). "
                + "callbridge.openai.model-check=false skips this check.", cause);
    }
}
