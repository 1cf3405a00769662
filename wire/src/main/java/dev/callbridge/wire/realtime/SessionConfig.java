package dev.callbridge.wire.realtime;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The part of a GA {@code session.update} ({@code RealtimeSessionCreateRequestGA}) that the bridge sets.
 *
 * @param outputModalities {@code ["audio"]} or {@code ["text"]}
 * @param transcription input transcription; empty turns it off
 * @param turnDetection voice activity detection; empty means the client commits and asks for responses itself
 * @param options the session's other settings (noise reduction, reasoning, output cap, truncation)
 */
public record SessionConfig(String model, String instructions, String voice, AudioFormat inputFormat,
                            AudioFormat outputFormat, List<String> outputModalities,
                            Optional<Transcription> transcription, Optional<TurnDetection> turnDetection,
                            Options options) {

    public SessionConfig {
        Objects.requireNonNull(model);
        Objects.requireNonNull(instructions);
        Objects.requireNonNull(voice);
        Objects.requireNonNull(inputFormat);
        Objects.requireNonNull(outputFormat);
        outputModalities = List.copyOf(outputModalities);
        Objects.requireNonNull(transcription);
        Objects.requireNonNull(turnDetection);
        Objects.requireNonNull(options);
        if (outputModalities.isEmpty()) {
            throw new IllegalArgumentException("outputModalities must name audio or text");
        }
    }

    /** A session with none of the {@link Options} set (the service's defaults apply). */
    public SessionConfig(String model, String instructions, String voice, AudioFormat inputFormat,
                         AudioFormat outputFormat, List<String> outputModalities,
                         Optional<Transcription> transcription, Optional<TurnDetection> turnDetection) {
        this(model, instructions, voice, inputFormat, outputFormat, outputModalities, transcription, turnDetection,
                Options.NONE);
    }

    /** The same session with other audio formats (each call's codec decides them). */
    public SessionConfig withFormats(AudioFormat input, AudioFormat output) {
        return new SessionConfig(model, instructions, voice, input, output, outputModalities, transcription,
                turnDetection, options);
    }

    /** {@code audio.input.transcription}; {@code language} may be empty (auto-detect). */
    public record Transcription(String model, String language) {
        public Transcription {
            Objects.requireNonNull(model);
            Objects.requireNonNull(language);
        }
    }

    /** {@code audio.input.turn_detection} ({@code RealtimeTurnDetection}): server VAD or semantic VAD. */
    public sealed interface TurnDetection permits ServerVad, SemanticVad {
        boolean createResponse();

        boolean interruptResponse();
    }

    /**
     * {@code server_vad}: speech by energy, a turn ends after {@code silenceDurationMs} of silence.
     *
     * @param idleTimeoutMs after the last reply has played, this long without speech makes the model speak
     *     ({@code input_audio_buffer.timeout_triggered}); 5,000–30,000 ms by the spec; empty: off
     */
    public record ServerVad(double threshold, int prefixPaddingMs, int silenceDurationMs, OptionalInt idleTimeoutMs,
                            boolean createResponse, boolean interruptResponse) implements TurnDetection {
        public static final int MIN_IDLE_TIMEOUT_MS = 5_000;
        public static final int MAX_IDLE_TIMEOUT_MS = 30_000;

        public ServerVad {
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("VAD threshold must be within 0..1: " + threshold);
            }
            if (prefixPaddingMs < 0 || silenceDurationMs < 0) {
                throw new IllegalArgumentException("VAD durations must not be negative");
            }
            Objects.requireNonNull(idleTimeoutMs);
            idleTimeoutMs.ifPresent(ms -> {
                if (ms < MIN_IDLE_TIMEOUT_MS || ms > MAX_IDLE_TIMEOUT_MS) {
                    throw new IllegalArgumentException("idle timeout must be 5,000–30,000 ms: " + ms);
                }
            });
        }

        /** Server VAD without an idle timeout. */
        public ServerVad(double threshold, int prefixPaddingMs, int silenceDurationMs, boolean createResponse,
                         boolean interruptResponse) {
            this(threshold, prefixPaddingMs, silenceDurationMs, OptionalInt.empty(), createResponse, interruptResponse);
        }
    }

    /** {@code semantic_vad}: the model judges from the words whether the caller has finished. */
    public record SemanticVad(Eagerness eagerness, boolean createResponse, boolean interruptResponse)
            implements TurnDetection {
        public SemanticVad {
            Objects.requireNonNull(eagerness);
        }
    }

    /** How soon semantic VAD answers: {@code low} waits longest (up to 8 s), {@code high} least (2 s). */
    public enum Eagerness {
        LOW, MEDIUM, HIGH, AUTO;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Eagerness of(String wire) {
            return valueOf(wire.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** {@code audio.input.noise_reduction.type}: a handset or headset is near field, a speakerphone far field. */
    public enum NoiseReduction {
        NEAR_FIELD, FAR_FIELD;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static NoiseReduction of(String wire) {
            return valueOf(wire.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** {@code reasoning.effort} ({@code RealtimeReasoningEffort}), for reasoning-capable models. */
    public enum ReasoningEffort {
        MINIMAL, LOW, MEDIUM, HIGH, XHIGH;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static ReasoningEffort of(String wire) {
            return valueOf(wire.strip().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * {@code truncation} ({@code RealtimeTruncation}): what the service drops when the conversation outgrows the
     * model's context. {@code auto} and {@code disabled} are the strings; {@code retention_ratio} keeps that share
     * of the conversation after each truncation, so truncations are rarer and the cache survives longer.
     */
    public sealed interface Truncation permits Truncation.Auto, Truncation.Disabled, Truncation.RetentionRatio {
        record Auto() implements Truncation {}

        record Disabled() implements Truncation {}

        /** @param postInstructionsTokens {@code token_limits.post_instructions}; empty: the model's own limit */
        record RetentionRatio(double ratio, OptionalInt postInstructionsTokens) implements Truncation {
            public RetentionRatio {
                if (!(ratio >= 0 && ratio <= 1)) {
                    throw new IllegalArgumentException("retention ratio must be within 0..1: " + ratio);
                }
                Objects.requireNonNull(postInstructionsTokens);
                postInstructionsTokens.ifPresent(t -> {
                    if (t < 0) {
                        throw new IllegalArgumentException("post-instructions token limit must not be negative: " + t);
                    }
                });
            }
        }
    }

    /**
     * Session settings beyond audio and turn-taking; each empty one is left out of the update (the service's
     * default applies).
     *
     * @param noiseReduction input noise reduction; empty: off
     * @param reasoningEffort sent only to models that take reasoning
     * @param maxOutputTokens cap on one response, 1–4,096 (the spec's range); empty: {@code inf}
     */
    public record Options(Optional<NoiseReduction> noiseReduction, Optional<ReasoningEffort> reasoningEffort,
                          OptionalInt maxOutputTokens, Optional<Truncation> truncation) {
        public static final int MAX_OUTPUT_TOKENS_LIMIT = 4_096;
        public static final Options NONE = new Options(Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty());

        public Options {
            Objects.requireNonNull(noiseReduction);
            Objects.requireNonNull(reasoningEffort);
            Objects.requireNonNull(maxOutputTokens);
            Objects.requireNonNull(truncation);
            maxOutputTokens.ifPresent(n -> {
                if (n < 1 || n > MAX_OUTPUT_TOKENS_LIMIT) {
                    throw new IllegalArgumentException("max output tokens must be 1–4096 (or inf): " + n);
                }
            });
        }
    }
}
