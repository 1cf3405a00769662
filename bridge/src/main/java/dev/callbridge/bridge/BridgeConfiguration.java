package dev.callbridge.bridge;

import dev.callbridge.bridge.call.CallAuthenticator;
import dev.callbridge.bridge.call.CallDrainer;
import dev.callbridge.bridge.call.CallProfile;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CallSession;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.call.TwilioCall;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.journal.JournalRecovery;
import dev.callbridge.bridge.mail.MailPipeline;
import dev.callbridge.bridge.metrics.EmfReporter;
import dev.callbridge.bridge.models.ModelCatalog;
import dev.callbridge.bridge.models.ModelCheck;
import dev.callbridge.bridge.models.ModelLifecycle;
import dev.callbridge.bridge.models.ModelReplacements;
import dev.callbridge.bridge.models.ModelUse;
import dev.callbridge.bridge.persona.Persona;
import dev.callbridge.bridge.persona.PersonaFile;
import dev.callbridge.bridge.persona.Personas;
import dev.callbridge.bridge.realtime.CallWarmUp;
import dev.callbridge.bridge.realtime.NettyRealtimeDialer;
import dev.callbridge.bridge.realtime.RealtimeDialer;
import dev.callbridge.bridge.realtime.RealtimeVoice;
import dev.callbridge.bridge.realtime.Reconnect;
import dev.callbridge.bridge.realtime.Reseed;
import dev.callbridge.bridge.text.TextCallSession;
import dev.callbridge.bridge.text.TextProcessor;
import dev.callbridge.bridge.text.TextProcessors;
import dev.callbridge.bridge.twilio.CallTokens;
import dev.callbridge.bridge.twilio.TwilioCallTokens;
import dev.callbridge.bridge.twilio.StreamHandshakeGuard;
import dev.callbridge.bridge.twilio.TwilioSignatures;
import dev.callbridge.bridge.twilio.TwilioSocket;
import dev.callbridge.bridge.twilio.TwilioStreamEndpoint;
import dev.callbridge.bridge.twilio.TwilioStreams;
import dev.callbridge.bridge.twilio.TwilioWebhookFilter;
import dev.callbridge.bridge.websocket.EndpointServer;
import dev.callbridge.bridge.websocket.EventLoops;
import dev.callbridge.bridge.websocket.NettyWebSocketClient;
import dev.callbridge.bridge.websocket.NettyWebSocketServer;
import dev.callbridge.bridge.websocket.ServerSettings;
import dev.callbridge.bridge.websocket.TextSocket;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.audio.Pcm16Audio;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.SessionConfig;
import dev.callbridge.wire.relay.RelayMessage;
import dev.callbridge.wire.twilio.TwilioEvent;
import io.netty.handler.ssl.SslContextBuilder;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the call path from {@link BridgeProperties}: the only place settings turn into objects. */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {
    private static final Logger log = LoggerFactory.getLogger(BridgeConfiguration.class);
    /** Caller audio arrives as 50 frames a second. */
    private static final int FRAMES_PER_SECOND = 50;
    /** A minute of media per warm-up call: calls end (and their end is compiled too) a few times. */
    private static final int WARM_UP_FRAMES_PER_CALL = 3_000;
    static final String APOLOGY_RESOURCE = "prompts/apology.ulaw";
    /**
     * The one persona of a bridge without a persona file: unnamed, so its calls' mails say nothing about personas
     * and the TwiML carries no persona parameter.
     */
    static final String BUILT_IN_PERSONA = "";
    /** OpenAI's largest events (a long transcript, a big audio delta) are far below this. */
    private static final int MAX_REALTIME_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Twilio sends a media frame every 20 ms for the whole call: a minute of nothing is a dead socket. */
    private static final Duration TWILIO_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long a close frame waits for the peer's answer before the TCP connection is dropped. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Monotonic nanoseconds: playback positions, backoffs, session ages, deadlines. */
    @Bean
    LongSupplier ticker() {
        return System::nanoTime;
    }

    @Bean
    CallRegistry callRegistry() {
        return new CallRegistry();
    }

    @Bean
    CallDrainer callDrainer(CallRegistry registry, BridgeProperties p) {
        return new CallDrainer(registry, p.calls().drainTimeout());
    }

    /** Active calls as a CloudWatch embedded metric on stdout, when a namespace is set (ECS scales on it). */
    @Bean
    EmfReporter emfReporter(BridgeProperties p, CallRegistry registry, Clock clock) {
        var reporter = new EmfReporter(p.metrics().emfNamespace(), p.metrics().environment(), clock);
        if (!p.metrics().emfNamespace().isEmpty()) {
            reporter.start(registry::snapshot, p.metrics().interval(), System.out);
            log.info("reporting {}/{} every {}", p.metrics().emfNamespace(), EmfReporter.ACTIVE_CALLS, p.metrics().interval());
        }
        return reporter;
    }

    /**
     * The models in use, checked with OpenAI before anything else starts (the mail pipeline depends on this bean):
     * a retired or unknown one stops start-up; then again every interval while the bridge runs.
     */
    @Bean(destroyMethod = "close")
    ModelCheck modelCheck(BridgeProperties p, Personas personas, Clock clock) {
        var uses = new ArrayList<ModelUse>(List.of(new ModelUse("callbridge.realtime.model", p.realtime().model()),
                new ModelUse("callbridge.realtime.transcription-model", p.realtime().transcriptionModel())));
        for (Persona persona : personas.all()) {
            if (!persona.model().equals(p.realtime().model())) {
                uses.add(new ModelUse("personas." + persona.name() + ".model", persona.model()));
            }
        }
        if (p.summary().enabled()) {
            uses.add(new ModelUse("callbridge.summary.model", p.summary().model()));
        }
        BridgeProperties.OpenAi o = p.openai();
        HttpClient http = HttpClient.newBuilder().connectTimeout(o.modelCheckTimeout()).build();
        var catalog = new ModelCatalog(http, o.baseUrl(), o.apiKey(), o.modelCheckTimeout());
        var check = new ModelCheck(uses, catalog::lookup,
                new ModelLifecycle(ModelReplacements.builtIn(), o.modelCheckWarnWithin()), clock);
        if (!o.modelCheck()) {
            log.info("model check off (callbridge.openai.model-check=false): {}", uses);
            return check;
        }
        check.atStartUp();
        check.repeatEvery(o.modelCheckInterval());
        return check;
    }

    /** The per-call tokens the webhook mints and the sessions verify; none without signature validation. */
    @Bean
    TwilioCallTokens twilioCallTokens(BridgeProperties p, Clock clock) {
        Optional<CallTokens> tokens = p.twilio().validateSignatures()
                ? Optional.of(new CallTokens(p.twilio().authToken(), p.twilio().callTokenTtl(), clock))
                : Optional.empty();
        if (tokens.isEmpty()) {
            log.warn("callbridge.twilio.validate-signatures=false: anyone who can reach this bridge can open calls "
                    + "(and OpenAI sessions); use this only for local testing");
        }
        return new TwilioCallTokens(tokens);
    }

    @Bean
    CallSettings callSettings(BridgeProperties p, CallJournal journal, TwilioCallTokens callTokens) {
        // Each call's profile says whether it is recorded (callbridge.recording.enabled, or its persona's setting).
        Optional<Path> recordings = Optional.of(p.recording().folder().toAbsolutePath());
        Optional<CallAuthenticator> tokens = callTokens.tokens().map(t -> t);
        var limits = new CallSettings.Limits(p.calls().idleTimeout(), p.calls().answerDeadline());
        return new CallSettings(p.instanceId(), recordings, p.recording().maxBytes(), tokens, limits,
                apology(p.calls().apologyAudio().isBlank()
                        ? Optional.empty() : Optional.of(Path.of(p.calls().apologyAudio()))), journal, p.calls().keptTurns());
    }

    /**
     * Who answers which number: the persona file, or one unnamed persona from the settings. A
     * bad file stops start-up with its line and field ({@link PersonaFile.Invalid}).
     */
    @Bean
    Personas personas(BridgeProperties p) throws IOException {
        BridgeProperties.Realtime rt = p.realtime();
        var fromSettings = new Persona(BUILT_IN_PERSONA, rt.instructions(), rt.voice(), rt.model(),
                rt.language(), Optional.of(p.audio().codec().name().toLowerCase(java.util.Locale.ROOT)),
                Optional.of(p.calls().maxLength()), Optional.of(p.recording().enabled()));
        if (p.personas().file().isEmpty()) {
            return Personas.of(fromSettings);
        }
        Personas personas = PersonaFile.load(Path.of(p.personas().file()), fromSettings);
        log.info("personas from {}: {} (default {})", p.personas().file(), personas.names(), personas.fallback().name());
        return personas;
    }

    /** Each persona's call profile: its Realtime session (instructions, voice, model, codec), length and recording. */
    @Bean
    VoiceProfiles callProfiles(BridgeProperties p, Personas personas, RealtimeDialer dialer, LongSupplier ticker) {
        BridgeProperties.Realtime rt = p.realtime();
        if (rt.vad().idleTimeoutIgnored()) {
            log.warn("callbridge.realtime.vad.idle-timeout={} is not sent: semantic_vad has no idle timeout",
                    rt.vad().idleTimeout());
        }
        if (!rt.reasoningEffort().isEmpty() && !rt.sendsReasoning()) {
            log.info("callbridge.realtime.reasoning-effort={} is not sent: {} takes no reasoning", rt.reasoningEffort(),
                    rt.model());
        }
        BridgeProperties.Realtime.Sessions rs = rt.sessions();
        var reconnect = new Reconnect(rs.reconnectAttempts(), rs.startAttempts(), rs.backoff(), rs.maxBackoff(),
                rs.rolloverAfter(), rs.replayLimit());
        Map<String, CallProfile> profiles = new java.util.LinkedHashMap<>();
        for (Persona persona : personas.all()) {
            var session = new SessionConfig(persona.model(), persona.instructions(), persona.voice(), AudioFormat.PCMU,
                    AudioFormat.PCMU, List.of("audio"),
                    Optional.of(new SessionConfig.Transcription(rt.transcriptionModel(), persona.language())),
                    Optional.of(rt.turnDetection()), rt.optionsFor(persona.model()));
            Supplier<AudioStage> audio = switch (persona.codec().orElse(p.audio().codec().name().toLowerCase(java.util.Locale.ROOT))) {
                case "pcmu" -> PassthroughAudio::new;
                default -> Pcm16Audio::new;
            };
            var voice = new RealtimeVoice(dialer, session, audio, reconnect, ticker);
            boolean recorded = persona.recording().orElse(p.recording().enabled());
            profiles.put(persona.name(), new CallProfile(persona.name(), voice,
                    persona.maxCallLength().orElse(p.calls().maxLength()), recorded));
            log.info("persona {}: {} voice {}, codec {}, at most {}{}",
                    persona.name().isEmpty() ? "(built in)" : persona.name(), voice.describe(), persona.voice(),
                    persona.codec().orElse("-"), persona.maxCallLength().orElse(p.calls().maxLength()),
                    recorded ? ", recorded into " + p.recording().folder().toAbsolutePath() : "");
        }
        return new VoiceProfiles(profiles, personas.fallback().name());
    }

    /** The call profiles by persona name; a stream that names none gets the default persona's. */
    record VoiceProfiles(Map<String, CallProfile> byName, String fallback) implements CallProfile.Lookup {
        VoiceProfiles {
            byName = Map.copyOf(byName);
        }

        @Override
        public Optional<CallProfile> find(String persona) {
            return Optional.ofNullable(byName.get(persona.isEmpty() ? fallback : persona));
        }

        CallProfile fallbackProfile() {
            return byName.get(fallback);
        }
    }

    /**
     * Per-call journals, written on a disk thread of their own; before any call is accepted, the calls a previous run
     * never finished are recovered from theirs and mailed. Closed (its queue finished) before the mail pipeline,
     * which it depends on, so every call that ended during the drain is spooled.
     */
    @Bean(destroyMethod = "close")
    CallJournal callJournal(BridgeProperties p, MailPipeline mail) {
        var journal = CallJournal.onOwnThread(p.calls().journal().isBlank() ? Optional.empty() : Optional.of(Path.of(p.calls().journal())));
        int recovered = JournalRecovery.recover(journal, mail);
        if (recovered > 0) {
            log.warn("{} calls a previous run never finished were recovered from their journals and mailed", recovered);
        }
        return journal;
    }

    /** The apology from the configured file, or the one built into the jar (rendered by data/make-audio.sh). */
    private static byte[] apology(Optional<Path> file) {
        try {
            if (file.isPresent()) {
                return Files.readAllBytes(file.get());
            }
            try (var in = BridgeConfiguration.class.getResourceAsStream("/" + APOLOGY_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(APOLOGY_RESOURCE + " is missing from the jar");
                }
                return in.readAllBytes();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the apology audio: " + e.getMessage(), e);
        }
    }

    /** The event loops that carry every WebSocket (closed after the drain). */
    @Bean(destroyMethod = "close")
    EventLoops eventLoops(BridgeProperties p) {
        return EventLoops.create(p.transport().loopThreads());
    }

    @Bean
    RealtimeDialer realtimeDialer(BridgeProperties p, EventLoops loops) throws SSLException {
        if (p.openai().apiKey().isEmpty()) {
            log.warn("no OpenAI API key (callbridge.openai.api-key or OPENAI_API_KEY): Realtime connects without one");
        }
        // A leg that is still opening holds what the call sends it: on a redial the seed and the replayed caller
        // audio (up to the replay limit) come first, then live audio until it opens (up to the connect buffer).
        // Sized for only the connect buffer, a long replay filled it and the newest frames were dropped.
        Duration held = p.realtime().connectBuffer().plus(p.realtime().sessions().replayLimit());
        int buffer = (int) (held.toMillis() * FRAMES_PER_SECOND / 1000) + Reseed.MAX_EVENTS + 16;
        log.info("Realtime endpoint {}; audio codec {}", p.realtime().urlWithModel(), p.audio().codec());
        return new NettyRealtimeDialer(new NettyWebSocketClient(loops, Optional.of(SslContextBuilder.forClient().build()),
                p.realtime().connectTimeout(), MAX_REALTIME_MESSAGE_BYTES, CLOSE_TIMEOUT), p.realtime().urlWithModel(),
                p.openai().apiKey(), buffer);
    }

    @Bean
    TextProcessors textProcessors(List<TextProcessor> processors, BridgeProperties p) {
        var registry = new TextProcessors(processors, p.text().processor(), p.text().numberProcessors());
        log.info("text processors {}; default {}; text-mode numbers {}", registry.names(), p.text().processor(),
                p.text().numberProcessors().keySet());
        return registry;
    }

    /** What a new Twilio socket becomes: a voice call on {@code /media-stream}, a text call on {@code /conversation-relay}. */
    record TwilioCalls(Function<TextSocket, TwilioCall<TwilioEvent>> media,
                       Function<TextSocket, TwilioCall<RelayMessage>> relay) {}

    @Bean
    TwilioCalls twilioCalls(CallSettings settings, VoiceProfiles profiles, TextProcessors processors, MailPipeline mail,
                            Clock clock, LongSupplier ticker, CallRegistry registry, BridgeProperties p) {
        warmUp(settings, profiles.fallbackProfile(), p.calls().warmUpFrames(), clock, ticker);
        var textSettings = new TextCallSession.Settings(processors, settings.callTokens(), p.instanceId(),
                p.text().welcomeGreeting(), settings.journal(), settings.keptTurns());
        return new TwilioCalls(
                socket -> new CallSession(socket.id(), settings, TwilioSocket.of(socket), profiles, mail, clock,
                        ticker, registry),
                socket -> new TextCallSession("relay-" + socket.id(), textSettings, TwilioSocket.of(socket), mail,
                        clock, registry));
    }

    /**
     * In-memory calls before any real one, so that the first calls run compiled code (a failure here is logged:
     * the bridge works without it, only slower at first).
     */
    private static void warmUp(CallSettings settings, CallProfile profile, int frames, Clock clock, LongSupplier ticker) {
        if (frames == 0) {
            return;
        }
        try {
            CallWarmUp.Result r = CallWarmUp.run(settings, (RealtimeVoice) profile.voice(), profile.maxLength(), frames,
                    WARM_UP_FRAMES_PER_CALL, clock, ticker);
            if (r.problems().isEmpty()) {
                log.info("call path warmed up in {} ms: {} in-memory calls, {} caller frames, {} reply deltas, {} barge-ins",
                        r.took().toMillis(), r.calls(), r.framesIn(), r.deltasOut(), r.bargeIns());
            } else {
                log.warn("call path warm-up in {} ms went wrong: {}", r.took().toMillis(), r.problems());
            }
        } catch (RuntimeException e) {
            log.warn("call path warm-up failed; the first calls will run slower", e);
        }
    }

    /**
     * Where the TwiML sends Twilio: the event-loop WebSocket server, bound and started here, before the voice
     * webhook can name it.
     */
    @Bean(destroyMethod = "close")
    TwilioStreams twilioStreams(TwilioCalls calls, BridgeProperties p, EventLoops loops,
                                @Value("${server.address:}") String serverAddress, Environment environment) throws IOException {
        refuseRemovedTransportSettings(environment);
        BridgeProperties.Transport t = p.transport();
        InetAddress bind = serverAddress.isBlank() ? new InetSocketAddress(0).getAddress() : InetAddress.getByName(serverAddress);
        var settings = new ServerSettings(bind, t.streamPort(), p.calls().maxInboundMessageBytes(),
                HANDSHAKE_TIMEOUT, TWILIO_IDLE_TIMEOUT, CLOSE_TIMEOUT);
        EndpointServer server = new NettyWebSocketServer(settings, loops);
        int port = server.bind();
        URI base = t.streamPublicUrl().isEmpty()
                ? URI.create(p.publicUrl().getScheme().replaceFirst("(?i)^http", "ws") + "://" + p.publicUrl().getHost() + ":" + port)
                : URI.create(t.streamPublicUrl());
        var streams = TwilioStreams.under(base, Optional.of(server));
        BiPredicate<String, String> mediaSigned = (signature, remote) -> true;
        BiPredicate<String, String> relaySigned = (signature, remote) -> true;
        Optional<TwilioSignatures> signatures = signatures(p);
        if (signatures.isPresent()) {
            mediaSigned = new StreamHandshakeGuard(signatures.get(), streams.mediaStream())::signed;
            relaySigned = new StreamHandshakeGuard(signatures.get(), streams.conversationRelay())::signed;
        }
        server.start(Map.of(
                TwilioStreams.MEDIA_STREAM_PATH, TwilioStreamEndpoint.mediaStreams(mediaSigned, calls.media()),
                TwilioStreams.CONVERSATION_RELAY_PATH, TwilioStreamEndpoint.conversationRelay(relaySigned, calls.relay())));
        log.info("Twilio streams on the event-loop WebSocket server: {} and {}", streams.mediaStream(),
                streams.conversationRelay());
        return streams;
    }

    /** Settings of the transports that were removed (2026-12-08), each with what replaced it. */
    static final Map<String, String> REMOVED_TRANSPORT_SETTINGS = Map.of(
            "callbridge.transport.twilio-server", "Twilio's streams are always served by the event loops on "
                    + "callbridge.transport.stream-port (8081); behind a proxy, route /media-stream and "
                    + "/conversation-relay there and set callbridge.transport.stream-public-url",
            "callbridge.transport.realtime-client", "the OpenAI leg always runs on the event loops",
            "callbridge.transport.threads", "there are no socket threads any more; callbridge.transport.loop-threads "
                    + "sets the event loops");

    /**
     * A removed transport setting stops start-up with what replaced it: silently ignored, a bridge set up for
     * streams on its HTTP port would name another port in its TwiML and its calls would fail behind the proxy.
     */
    private static void refuseRemovedTransportSettings(Environment environment) {
        for (var removed : new java.util.TreeMap<>(REMOVED_TRANSPORT_SETTINGS).entrySet()) {
            if (environment.containsProperty(removed.getKey())) {
                throw new IllegalStateException(removed.getKey() + " was removed: " + removed.getValue()
                        + " (README, \"Transport\"). Remove the setting.");
            }
        }
    }

    /** Signatures on every {@code /twilio/*} webhook; registered but off without validation. */
    @Bean
    FilterRegistrationBean<Filter> twilioWebhookFilter(BridgeProperties p) {
        Filter filter = signatures(p).<Filter>map(signatures -> new TwilioWebhookFilter(signatures, p.publicUrl()))
                .orElse((request, response, chain) -> chain.doFilter(request, response));
        var registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/twilio/*");
        registration.setEnabled(p.twilio().validateSignatures());
        return registration;
    }

    /**
     * The check of Twilio's signatures, for webhooks and stream handshakes alike; none when validation is off (local
     * use), where there may be no auth token to key it with.
     */
    private static Optional<TwilioSignatures> signatures(BridgeProperties p) {
        return p.twilio().validateSignatures() ? Optional.of(new TwilioSignatures(p.twilio().authToken())) : Optional.empty();
    }
}
