package dev.callbridge.bridge;

import dev.callbridge.bridge.models.ReasoningModels;
import dev.callbridge.wire.realtime.SessionConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting of the bridge, bound once at start-up from Spring properties under {@code callbridge.} (so also
 * from environment variables such as {@code CALLBRIDGE_PUBLIC_URL}). Defaults live in
 * {@code application.properties}. Immutable; validated here so that a bad setting stops start-up with a reason.
 *
 * @param publicUrl the base URL Twilio reaches this bridge at; the TwiML stream URL is derived from it
 * @param instanceId names this process in queue message attributes and logs
 */
@ConfigurationProperties("callbridge")
public record BridgeProperties(URI publicUrl, String instanceId, Realtime realtime, OpenAi openai, Audio audio,
                               Mail mail, Calls calls, Recording recording, Twilio twilio, Summary summary, Text text,
                               Metrics metrics, Transport transport, Stats stats, Personas personas) {

    public BridgeProperties {
        stats = stats == null ? new Stats("") : stats;
        personas = personas == null ? new Personas("") : personas;
        Objects.requireNonNull(transport);
        Objects.requireNonNull(publicUrl, "callbridge.public-url");
        Objects.requireNonNull(realtime);
        Objects.requireNonNull(openai);
        Objects.requireNonNull(audio);
        Objects.requireNonNull(mail);
        Objects.requireNonNull(calls);
        Objects.requireNonNull(recording);
        Objects.requireNonNull(twilio);
        Objects.requireNonNull(summary);
        Objects.requireNonNull(text);
        Objects.requireNonNull(metrics);
        String scheme = String.valueOf(publicUrl.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("callbridge.public-url must be an http(s) URL: " + publicUrl);
        }
    }

    /**
     * @param url any Realtime-compatible endpoint; the model is added as the {@code model} query parameter
     * @param connectBuffer caller audio held while the OpenAI socket opens; beyond it frames are dropped and counted
     * @param noiseReduction input noise reduction: {@code near_field} (a handset), {@code far_field} or {@code off}
     * @param reasoningEffort {@code minimal}…{@code xhigh}, sent to models that take reasoning; blank: not sent
     * @param maxOutputTokens the cap on one response: 1–4096, or {@code inf}
     */
    public record Realtime(URI url, String model, String voice, String instructions, String transcriptionModel,
                           String language, Vad vad, String noiseReduction, String reasoningEffort,
                           String maxOutputTokens, Truncation truncation, Duration connectTimeout,
                           Duration connectBuffer, Sessions sessions) {
        public Realtime {
            Objects.requireNonNull(sessions);
            Objects.requireNonNull(url, "callbridge.realtime.url");
            Objects.requireNonNull(model);
            Objects.requireNonNull(voice);
            Objects.requireNonNull(instructions);
            Objects.requireNonNull(transcriptionModel);
            language = language == null ? "" : language;
            Objects.requireNonNull(vad);
            noiseReduction = noiseReduction == null || noiseReduction.isBlank() ? "off" : noiseReduction.strip();
            reasoningEffort = reasoningEffort == null ? "" : reasoningEffort.strip();
            maxOutputTokens = maxOutputTokens == null || maxOutputTokens.isBlank() ? "inf" : maxOutputTokens.strip();
            Objects.requireNonNull(truncation);
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(connectBuffer);
            if (model.isBlank()) {
                throw new IllegalArgumentException("callbridge.realtime.model must not be blank");
            }
            if (transcriptionModel.isBlank()) {
                throw new IllegalArgumentException("callbridge.realtime.transcription-model must not be blank");
            }
            // Each setting checked here, so that a bad one stops start-up with its name.
            sessionOptions(model, noiseReduction, reasoningEffort, maxOutputTokens, truncation);
        }

        /**
         * How a call keeps its OpenAI session ({@code callbridge.realtime.sessions.*}); see {@code Reconnect}.
         */
        public record Sessions(int reconnectAttempts, int startAttempts, Duration backoff, Duration maxBackoff,
                               Duration rolloverAfter, Duration replayLimit) {}

        /** The URL with {@code ?model=}. */
        public URI urlWithModel() {
            String sep = url.getQuery() == null ? "?" : "&";
            return URI.create(url + sep + "model=" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Whether the reasoning effort is sent: set, and the model is not one known to take no reasoning. */
        public boolean sendsReasoning() {
            return options().reasoningEffort().isPresent();
        }

        /** Noise reduction, reasoning effort, output cap and truncation, as the session's update carries them. */
        public SessionConfig.Options options() {
            return optionsFor(model);
        }

        /** The same for a session with another model (a persona's): reasoning only if that model takes it. */
        public SessionConfig.Options optionsFor(String sessionModel) {
            return sessionOptions(sessionModel, noiseReduction, reasoningEffort, maxOutputTokens, truncation);
        }

        private static SessionConfig.Options sessionOptions(String model, String noiseReduction, String reasoningEffort,
                                                            String maxOutputTokens, Truncation truncation) {
            Optional<SessionConfig.NoiseReduction> noise = switch (noiseReduction.toLowerCase(Locale.ROOT)) {
                case "off" -> Optional.empty();
                case "near_field", "near-field" -> Optional.of(SessionConfig.NoiseReduction.NEAR_FIELD);
                case "far_field", "far-field" -> Optional.of(SessionConfig.NoiseReduction.FAR_FIELD);
                default -> throw new IllegalArgumentException("callbridge.realtime.noise-reduction must be near_field, "
                        + "far_field or off: " + noiseReduction);
            };
            Optional<SessionConfig.ReasoningEffort> effort;
            try {
                effort = reasoningEffort.isEmpty() ? Optional.empty()
                        : Optional.of(SessionConfig.ReasoningEffort.of(reasoningEffort));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("callbridge.realtime.reasoning-effort must be minimal, low, medium, "
                        + "high, xhigh or empty: " + reasoningEffort);
            }
            OptionalInt cap;
            try {
                cap = maxOutputTokens.equalsIgnoreCase("inf") ? OptionalInt.empty()
                        : OptionalInt.of(Integer.parseInt(maxOutputTokens));
                return new SessionConfig.Options(noise,
                        ReasoningModels.takesReasoning(model) ? effort : Optional.empty(), cap,
                        Optional.of(truncation.toSession()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("callbridge.realtime.max-output-tokens must be 1–4096 or inf: "
                        + maxOutputTokens);
            }
        }

        /** The turn detection of {@code vad}: server VAD (with its idle timeout, if set) or semantic VAD. */
        public SessionConfig.TurnDetection turnDetection() {
            return vad.toSession();
        }
    }

    /**
     * Turn detection. {@code server_vad}: speech by energy ({@code threshold} 0..1, durations in milliseconds), and
     * an idle timeout ({@code 0}: none; otherwise 5–30 s) after which the model prompts a silent caller.
     * {@code semantic_vad}: the model judges whether the caller has finished ({@code eagerness} low, medium, high,
     * auto); no idle timeout.
     */
    public record Vad(VadType type, double threshold, int prefixPaddingMs, int silenceDurationMs,
                      SessionConfig.Eagerness eagerness, Duration idleTimeout) {
        public Vad {
            type = type == null ? VadType.SERVER_VAD : type;
            eagerness = eagerness == null ? SessionConfig.Eagerness.AUTO : eagerness;
            idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
            if (threshold < 0 || threshold > 1 || prefixPaddingMs < 0 || silenceDurationMs < 0) {
                throw new IllegalArgumentException("callbridge.realtime.vad: threshold 0..1, durations ≥ 0");
            }
            long idleMs = idleTimeout.toMillis();
            if (idleMs != 0 && (idleMs < SessionConfig.ServerVad.MIN_IDLE_TIMEOUT_MS
                    || idleMs > SessionConfig.ServerVad.MAX_IDLE_TIMEOUT_MS)) {
                throw new IllegalArgumentException("callbridge.realtime.vad.idle-timeout must be 0 (off) or 5s–30s: "
                        + idleTimeout);
            }
        }

        /** Whether an idle timeout is set that this turn detection cannot carry (semantic VAD has none). */
        public boolean idleTimeoutIgnored() {
            return type == VadType.SEMANTIC_VAD && !idleTimeout.isZero();
        }

        SessionConfig.TurnDetection toSession() {
            return switch (type) {
                case SERVER_VAD -> new SessionConfig.ServerVad(threshold, prefixPaddingMs, silenceDurationMs,
                        idleTimeout.isZero() ? OptionalInt.empty() : OptionalInt.of((int) idleTimeout.toMillis()),
                        true, true);
                case SEMANTIC_VAD -> new SessionConfig.SemanticVad(eagerness, true, true);
            };
        }
    }

    public enum VadType { SERVER_VAD, SEMANTIC_VAD }

    /**
     * What the service drops when a long call outgrows the model's context: {@code retention_ratio} (keep that share
     * after each cut, so cuts are rare and the prompt cache survives), {@code auto} or {@code disabled}.
     *
     * @param postInstructionsTokens {@code token_limits.post_instructions}; 0: the model's own limit
     */
    public record Truncation(TruncationType type, double retentionRatio, int postInstructionsTokens) {
        public Truncation {
            type = type == null ? TruncationType.RETENTION_RATIO : type;
            if (!(retentionRatio > 0 && retentionRatio <= 1)) {
                throw new IllegalArgumentException("callbridge.realtime.truncation.retention-ratio must be in (0, 1]: "
                        + retentionRatio);
            }
            if (postInstructionsTokens < 0) {
                throw new IllegalArgumentException("callbridge.realtime.truncation.post-instructions-tokens must be ≥ 0");
            }
        }

        SessionConfig.Truncation toSession() {
            return switch (type) {
                case AUTO -> new SessionConfig.Truncation.Auto();
                case DISABLED -> new SessionConfig.Truncation.Disabled();
                case RETENTION_RATIO -> new SessionConfig.Truncation.RetentionRatio(retentionRatio,
                        postInstructionsTokens == 0 ? OptionalInt.empty() : OptionalInt.of(postInstructionsTokens));
            };
        }
    }

    public enum TruncationType { AUTO, DISABLED, RETENTION_RATIO }

    /**
     * @param apiKey from {@code callbridge.openai.api-key}, else {@code OPENAI_API_KEY}
     * @param baseUrl the OpenAI REST base URL ({@code GET /models/{id}}; the summary's default base URL)
     * @param modelCheck asks OpenAI at start-up and every {@code modelCheckInterval} when each configured model shuts
     *     down: a retired or unknown one stops start-up, one shutting down within {@code modelCheckWarnWithin} is
     *     warned about once a day
     * @param modelCheckTimeout per request; a check that gets no answer is logged once and start-up goes on
     */
    public record OpenAi(String apiKey, URI baseUrl, boolean modelCheck, Duration modelCheckWarnWithin,
                         Duration modelCheckInterval, Duration modelCheckTimeout) {
        public OpenAi {
            apiKey = apiKey == null ? "" : apiKey.strip();
            Objects.requireNonNull(baseUrl, "callbridge.openai.base-url");
            modelCheckWarnWithin = modelCheckWarnWithin == null ? Duration.ofDays(30) : modelCheckWarnWithin;
            modelCheckInterval = modelCheckInterval == null ? Duration.ofHours(24) : modelCheckInterval;
            modelCheckTimeout = modelCheckTimeout == null ? Duration.ofSeconds(5) : modelCheckTimeout;
            if (modelCheckWarnWithin.isNegative() || modelCheckInterval.compareTo(Duration.ofMinutes(1)) < 0
                    || modelCheckTimeout.isNegative() || modelCheckTimeout.isZero()) {
                throw new IllegalArgumentException("callbridge.openai.model-check-*: warn-within ≥ 0, interval ≥ 1m, "
                        + "timeout > 0");
            }
        }

        @Override
        public String toString() {
            return "OpenAi[apiKey=" + (apiKey.isEmpty() ? "<none>" : "<set>") + ", baseUrl=" + baseUrl
                    + ", modelCheck=" + modelCheck + "]";
        }
    }

    public record Audio(Codec codec) {
        public Audio {
            Objects.requireNonNull(codec, "callbridge.audio.codec");
        }
    }

    /** {@code pcmu}: μ-law passes through to {@code audio/pcmu}; {@code pcm16}: transcode to {@code audio/pcm} 24 kHz. */
    public enum Codec { PCMU, PCM16 }

    /**
     * The summary mails.
     *
     * @param outbox folder where the local consumer writes {@code .eml} files ({@code sender=outbox})
     * @param queueUrl an SQS queue to publish to; blank starts an embedded SQS server and a local consumer
     * @param zone the zone of wall-clock times in transcripts and subjects
     * @param path {@code queue} (default) or {@code direct}: straight to the sender, no queue
     * @param sender what the local consumer (embedded queue or direct path) sends with: {@code outbox} or {@code ses}
     * @param sesEndpoint an SES API stand-in for {@code sender=ses}; blank for AWS SES in {@code region}
     * @param spool summaries wait here until the queue has taken them (survives restarts)
     * @param ledger the local consumer's de-duplication records
     * @param queueCapBytes text beyond this many UTF-8 bytes is cut before queueing, and the mail says so
     * @param endpointToken bearer token for {@code POST /mail}; blank switches that endpoint off
     * @param ledgerRetention how long the local consumer remembers a sent mail (longer than a redelivery can come)
     */
    public record Mail(Path outbox, String queueUrl, String region, ZoneId zone, String from, String recipient,
                       MailPath path, MailSender sender, String sesEndpoint, Path spool, Path ledger, int queueCapBytes,
                       String endpointToken, Duration ledgerRetention) {
        public Mail {
            ledgerRetention = ledgerRetention == null ? Duration.ofDays(14) : ledgerRetention;
            if (ledgerRetention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("callbridge.mail.ledger-retention must be at least 1d: " + ledgerRetention);
            }
            Objects.requireNonNull(outbox, "callbridge.mail.outbox");
            queueUrl = queueUrl == null ? "" : queueUrl.strip();
            region = region == null || region.isBlank() ? "us-east-1" : region;
            Objects.requireNonNull(zone);
            Objects.requireNonNull(from);
            recipient = recipient == null ? "" : recipient;
            Objects.requireNonNull(path, "callbridge.mail.path");
            Objects.requireNonNull(sender, "callbridge.mail.sender");
            sesEndpoint = sesEndpoint == null ? "" : sesEndpoint.strip();
            Objects.requireNonNull(spool, "callbridge.mail.spool");
            Objects.requireNonNull(ledger, "callbridge.mail.ledger");
            endpointToken = endpointToken == null ? "" : endpointToken.strip();
            if (queueCapBytes < 1024 || queueCapBytes > 900 * 1024) {
                throw new IllegalArgumentException("callbridge.mail.queue-cap-bytes must be 1 KiB–900 KiB (SQS takes 1 MiB)");
            }
            if (!endpointToken.isEmpty() && endpointToken.length() < 16) {
                throw new IllegalArgumentException("callbridge.mail.endpoint-token must be at least 16 characters");
            }
        }

        @Override
        public String toString() {
            return "Mail[outbox=" + outbox + ", queueUrl=" + queueUrl + ", path=" + path + ", sender=" + sender
                    + ", endpointToken=" + (endpointToken.isEmpty() ? "<off>" : "<set>") + "]";
        }
    }

    public enum MailPath { QUEUE, DIRECT }

    public enum MailSender { OUTBOX, SES }

    /**
     * The short summary at the top of each call mail, through the OpenAI Responses API.
     *
     * @param baseUrl the OpenAI REST base URL (any compatible server); by default {@code callbridge.openai.base-url}
     * @param reasoningEffort {@code reasoning.effort} of the request ({@code none} for a three-line summary); blank:
     *     not sent
     */
    public record Summary(boolean enabled, String model, URI baseUrl, Duration timeout, String reasoningEffort) {
        public Summary {
            Objects.requireNonNull(model);
            Objects.requireNonNull(baseUrl, "callbridge.summary.base-url");
            Objects.requireNonNull(timeout);
            reasoningEffort = reasoningEffort == null ? "" : reasoningEffort.strip().toLowerCase(Locale.ROOT);
            if (enabled && model.isBlank()) {
                throw new IllegalArgumentException("callbridge.summary.model must not be blank while summaries are on");
            }
        }
    }

    /**
     * Who may connect. With {@code validateSignatures} (the default) every webhook and stream handshake must carry a
     * valid {@code X-Twilio-Signature} and every stream's {@code start} a call token minted by the webhook.
     *
     * @param authToken the Twilio account's auth token (from {@code TWILIO_AUTH_TOKEN} by default)
     * @param callTokenTtl how long after the webhook a stream may start
     */
    public record Twilio(String authToken, boolean validateSignatures, Duration callTokenTtl) {
        public Twilio {
            authToken = authToken == null ? "" : authToken.strip();
            Objects.requireNonNull(callTokenTtl);
            if (validateSignatures && authToken.isEmpty()) {
                throw new IllegalArgumentException("callbridge.twilio.auth-token (or TWILIO_AUTH_TOKEN) is required while "
                        + "callbridge.twilio.validate-signatures=true; set that to false only for local use");
            }
        }

        @Override
        public String toString() {
            return "Twilio[authToken=" + (authToken.isEmpty() ? "<none>" : "<set>") + ", validateSignatures="
                    + validateSignatures + ", callTokenTtl=" + callTokenTtl + "]";
        }
    }

    /**
     * Where Twilio's streams are served: the event-loop WebSocket server's port and how Twilio reaches it (README,
     * "Transport"). Both legs of every call run on Netty event loops.
     *
     * @param streamPort the stream server's port ({@code 0}: any free one)
     * @param streamPublicUrl how Twilio reaches that port ({@code wss://media.example.com}); empty: the public URL's
     *     host with {@code streamPort}, which is right without a proxy, and wrong behind one (set this then)
     * @param loopThreads how many event loops carry the sockets; 0: one per available processor
     */
    public record Transport(int streamPort, String streamPublicUrl, int loopThreads) {
        public Transport {
            streamPublicUrl = streamPublicUrl == null ? "" : streamPublicUrl.strip();
            if (streamPort < 0 || streamPort > 65_535) {
                throw new IllegalArgumentException("callbridge.transport.stream-port must be 0-65535: " + streamPort);
            }
            if (!streamPublicUrl.isEmpty() && !streamPublicUrl.matches("(?i)^wss?://.+")) {
                throw new IllegalArgumentException("callbridge.transport.stream-public-url must be a ws(s) URL: " + streamPublicUrl);
            }
            if (loopThreads < 0) {
                throw new IllegalArgumentException("callbridge.transport.loop-threads must be 0 or more: " + loopThreads);
            }
        }
    }

    /**
     * Who may read {@code GET /stats}.
     *
     * @param token bearer token that {@code /stats} asks for; blank: only requests from this machine (loopback, not
     *              through a proxy) are answered
     */
    public record Stats(String token) {
        public Stats {
            token = token == null ? "" : token.strip();
            if (!token.isEmpty() && token.length() < 16) {
                throw new IllegalArgumentException("callbridge.stats.token must be at least 16 characters");
            }
        }

        @Override
        public String toString() {
            return "Stats[token=" + (token.isEmpty() ? "<loopback only>" : "<set>") + "]";
        }
    }

    /**
     * CloudWatch metrics in the Embedded Metric Format on stdout (for scaling on ECS).
     *
     * @param emfNamespace blank switches them off
     * @param environment the {@code Environment} dimension
     */
    public record Metrics(String emfNamespace, String environment, Duration interval) {
        public Metrics {
            emfNamespace = emfNamespace == null ? "" : emfNamespace.strip();
            environment = environment == null || environment.isBlank() ? "local" : environment.strip();
            Objects.requireNonNull(interval, "callbridge.metrics.interval");
        }
    }

    /**
     * Text calls: Twilio ConversationRelay does the speech, the bridge answers text with a processor.
     *
     * @param processor the default processor ({@code echo}, {@code realtime-text}, or another registered one)
     * @param numbers called numbers answered in text mode, each {@code +15551234567} or
     *                {@code +15551234567=realtime-text} (that number's processor); a call is also a text call when
     *                the voice webhook URL says {@code ?mode=text}, and {@code &processor=} picks its processor
     * @param zone the zone of the time the echo processor reports
     * @param instructions the {@code realtime-text} model's instructions; blank for {@code callbridge.realtime.instructions}
     * @param welcomeGreeting what Twilio says when the call connects (TwiML {@code welcomeGreeting}); blank for none
     * @param language ConversationRelay's speech language (TwiML {@code language}), e.g. {@code en-US}
     */
    public record Text(String processor, List<String> numbers, ZoneId zone, String instructions,
                       String welcomeGreeting, String language) {
        public Text {
            Objects.requireNonNull(processor, "callbridge.text.processor");
            numbers = numbers == null ? List.of() : numbers.stream().map(String::strip)
                    .filter(n -> !n.isEmpty()).toList();
            Objects.requireNonNull(zone, "callbridge.text.zone");
            instructions = instructions == null ? "" : instructions.strip();
            welcomeGreeting = welcomeGreeting == null ? "" : welcomeGreeting.strip();
            language = language == null ? "" : language.strip();
            for (String n : numbers) {
                if (!n.matches("\\+?[0-9A-Za-z:._-]+(=[a-z0-9-]+)?")) {
                    throw new IllegalArgumentException("callbridge.text.numbers: '" + n
                            + "' is not NUMBER or NUMBER=processor");
                }
            }
        }

        /** Text-mode numbers and the processor each names (empty: the default). */
        public Map<String, Optional<String>> numberProcessors() {
            var map = new LinkedHashMap<String, Optional<String>>();
            for (String n : numbers) {
                String[] parts = n.split("=", 2);
                map.put(parts[0], parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
            }
            return Collections.unmodifiableMap(map);
        }
    }

    /**
     * Per-call stereo WAV (caller left, assistant right). Off by default.
     *
     * @param maxBytes bound on one recording (16-bit stereo at 8 kHz is 32 bytes a millisecond)
     */
    /**
     * Who answers which number ({@code callbridge.personas.*}).
     *
     * @param file the persona file (YAML; see {@code persona.PersonaFile} and the README); blank: one unnamed
     *             persona from the {@code callbridge.realtime.*}, audio, call and recording settings
     */
    public record Personas(String file) {
        public Personas {
            file = file == null ? "" : file.strip();
        }
    }

    public record Recording(boolean enabled, Path folder, long maxBytes) {
        public Recording {
            Objects.requireNonNull(folder, "callbridge.recording.folder");
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("callbridge.recording.max-bytes must be ≥ 1024");
            }
        }
    }

    /**
     * @param maxInboundMessageBytes larger WebSocket messages close the call
     * @param maxConcurrent calls beyond this many active ones are refused politely at the voice webhook
     * @param drainTimeout at shutdown (SIGTERM) calls in progress may go on this long; then they are ended and mailed
     * @param maxLength the bridge ends a call whose media timeline reaches this
     * @param idleTimeout the bridge ends a call in which no one has spoken for this long
     * @param answerDeadline a call whose OpenAI session has not answered by then gets the apology
     * @param apologyAudio file of raw μ-law 8 kHz played when no OpenAI session can be had; empty: the one in the jar
     * @param journal folder of per-call journals (transcripts as they happen, mailed at start-up if a call was never
     *                finished); empty: none
     * @param warmUpFrames caller frames played through in-memory calls at start-up, before any call is taken, so
     *                     that the first calls do not run through the interpreter; 0: none
     * @param keptTurns the newest turns a call's transcript keeps in memory; older ones are read back from its journal
     *                  at the end (without a journal every turn stays in memory)
     */
    public record Calls(int maxInboundMessageBytes, int maxConcurrent, Duration drainTimeout, Duration maxLength,
                        Duration idleTimeout, Duration answerDeadline, String apologyAudio, String journal,
                        int warmUpFrames, int keptTurns) {
        public Calls {
            Objects.requireNonNull(drainTimeout, "callbridge.calls.drain-timeout");
            Objects.requireNonNull(maxLength, "callbridge.calls.max-length");
            Objects.requireNonNull(idleTimeout, "callbridge.calls.idle-timeout");
            Objects.requireNonNull(answerDeadline, "callbridge.calls.answer-deadline");
            apologyAudio = apologyAudio == null ? "" : apologyAudio;
            journal = journal == null ? "" : journal;
            if (maxInboundMessageBytes < 1024) {
                throw new IllegalArgumentException("callbridge.calls.max-inbound-message-bytes must be ≥ 1024");
            }
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("callbridge.calls.max-concurrent must be ≥ 1");
            }
            if (warmUpFrames < 0) {
                throw new IllegalArgumentException("callbridge.calls.warm-up-frames must be ≥ 0");
            }
            if (keptTurns < 1) {
                throw new IllegalArgumentException("callbridge.calls.kept-turns must be ≥ 1");
            }
        }
    }
}
