package dev.callbridge.bridge.persona;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up's report of a bad persona file: the file, line and field, and what to do (META-INF/spring.factories). */
public final class PersonaFileFailureAnalyzer extends AbstractFailureAnalyzer<PersonaFile.Invalid> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PersonaFile.Invalid cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct the persona file (README, \"Personas\"), or leave "
                + "callbridge.personas.file blank to answer every call as the one persona of the callbridge.realtime.* settings.",
                cause);
    }
}
