package dev.callbridge.wire.realtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a GA {@code session.update} ({@code RealtimeSessionCreateRequestGA}) that the bridge sets.
 *
 * @param outputModalities {@code ["audio"]} or {@code ["text"]}
 * @param transcription input transcription; empty turns it off
 * @param turnDetection voice activity detection; empty means the client commits and asks for responses itself
 */
public record SessionConfig(String model, String instructions, String voice, AudioFormat inputFormat,
                            AudioFormat outputFormat, List<String> outputModalities,
                            Optional<Transcription> transcription, Optional<TurnDetection> turnDetection) {

    public SessionConfig {
        Objects.requireNonNull(model);
        Objects.requireNonNull(instructions);
        Objects.requireNonNull(voice);
        Objects.requireNonNull(inputFormat);
        Objects.requireNonNull(outputFormat);
        outputModalities = List.copyOf(outputModalities);
        Objects.requireNonNull(transcription);
        Objects.requireNonNull(turnDetection);
        if (outputModalities.isEmpty()) {
            throw new IllegalArgumentException("outputModalities must name audio or text");
        }
    }

    /** {@code audio.input.transcription}; {@code language} may be empty (auto-detect). */
    public record Transcription(String model, String language) {
        public Transcription {
            Objects.requireNonNull(model);
            Objects.requireNonNull(language);
        }
    }

    /** {@code server_vad} settings ({@code RealtimeTurnDetection}). */
    public record TurnDetection(double threshold, int prefixPaddingMs, int silenceDurationMs,
                                boolean createResponse, boolean interruptResponse) {
        public TurnDetection {
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("VAD threshold must be within 0..1: " + threshold);
            }
            if (prefixPaddingMs < 0 || silenceDurationMs < 0) {
                throw new IllegalArgumentException("VAD durations must not be negative");
            }
        }
    }
}
