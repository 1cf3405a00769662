package dev.callbridge.simulator.fake;

import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.wire.realtime.RealtimeSchema;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import dev.callbridge.simulator.net.Loops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline stand-in for the OpenAI Realtime API: a WebSocket server on loopback at {@code /v1/realtime}
 * speaking the GA protocol (see {@link FakeSession}). Optionally validates every event against the official
 * schema, counting violations both ways. Thread-safe. Served by one event-loop thread of its own, which also
 * paces the replies, so that hundreds of sessions cost the machine little next to the bridge they measure.
 */
public final class FakeRealtimeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakeRealtimeServer.class);

    private final String host;
    private final int port;
    private final Loops loops = new Loops("fake-openai", 1);
    private Channel listener;
    private final Optional<RealtimeSchema> schema;
    private final double rejectRatio;
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong itemsDeleted = new AtomicLong();
    private final List<String> assistantTexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The latest session configuration each call's sessions took, by call SID. */
    private final Map<String, dev.callbridge.wire.realtime.SessionConfig> configs = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong openSessions = new AtomicLong();
    private final AtomicLong serverEvents = new AtomicLong();
    private final AtomicLong clientEvents = new AtomicLong();
    private final AtomicLong unrecognised = new AtomicLong();
    private final AtomicLong truncateRejected = new AtomicLong();
    private final AtomicLong responsesCompleted = new AtomicLong();
    private final AtomicLong responsesCancelled = new AtomicLong();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final FakeResponsesHandler responses = new FakeResponsesHandler();
    private final FakeModels models = new FakeModels();
    /** Every {@code session.update} is checked against the official schema, as the service checks it. */
    private final RealtimeSchema updateSchema;
    private final AtomicLong updatesRejected = new AtomicLong();
    private final AtomicLong idleTimeouts = new AtomicLong();
    private final AtomicLong connectsRefused = new AtomicLong();
    private final AtomicLong sessionsExpired = new AtomicLong();
    private final AtomicLong socketsDropped = new AtomicLong();
    private final java.util.Random faultRandom;
    private final Replies replies;
    private final FakeOptions options;
    private final Optional<RelayProbe> probe;

    public FakeRealtimeServer(String host, int port, Replies replies, FakeOptions options, Optional<RelayProbe> probe) {
        this.updateSchema = RealtimeSchema.load();
        this.schema = options.validate() ? Optional.of(updateSchema) : Optional.empty();
        this.rejectRatio = options.faults().rejectRatio();
        this.faultRandom = new java.util.Random(options.seed() * 31 + 7);
        this.host = host;
        this.port = port;
        this.replies = replies;
        this.options = options;
        this.probe = probe;
    }

    public FakeRealtimeServer start() {
        var bootstrap = new ServerBootstrap().group(loops.group()).channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new HttpObjectAggregator(FakeHttpHandler.MAX_MESSAGE_BYTES),
                                new FakeHttpHandler(FakeRealtimeServer.this::open, responses, models));
                    }
                });
        try {
            listener = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            loops.close();
            throw new IllegalStateException("cannot start the Realtime stand-in: " + e.getMessage(), e);
        }
        log.info("Realtime stand-in listening at {}", url());
        return this;
    }

    /** A session for the client's request id (the call SID), or empty when this connect is refused on purpose. */
    private Optional<FakeSession> open(String callSid) {
        if (refuse()) {
            connectsRefused.incrementAndGet();
            probe.ifPresent(p -> p.fault(callSid));
            return Optional.empty();
        }
        long n = sessions.incrementAndGet();
        openSessions.incrementAndGet();
        return Optional.of(new FakeSession(this, replies, options, probe, callSid, n));
    }

    private int boundPort() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The model catalog {@code GET /v1/models/{id}} answers from; tests retire models in it. */
    public FakeModels models() {
        return models;
    }

    /** Problems with a client's {@code session.update}; empty when the service would accept it. */
    List<String> sessionUpdateProblems(String json) {
        return updateSchema.validateClient(json);
    }

    void sessionUpdateRejected() {
        updatesRejected.incrementAndGet();
    }

    /** {@code session.update}s refused because the schema rules out a value (the session kept its settings). */
    public long sessionUpdatesRejected() {
        return updatesRejected.get();
    }

    void idleTimeoutTriggered() {
        idleTimeouts.incrementAndGet();
    }

    /** {@code input_audio_buffer.timeout_triggered} events sent (the model then prompted a silent caller). */
    public long idleTimeouts() {
        return idleTimeouts.get();
    }

    /** The REST base URL (Responses API for call summaries) to give the bridge. */
    public URI restUrl() {
        return URI.create("http://" + host + ":" + boundPort() + "/v1");
    }

    /** The Realtime URL to give the bridge. */
    public URI url() {
        return URI.create("ws://" + host + ":" + boundPort() + "/v1/realtime");
    }

    void serverEventSent(String json) {
        serverEvents.incrementAndGet();
        schema.ifPresent(s -> record("server", json, s.validateServer(json)));
    }

    void clientEventReceived(String json) {
        clientEvents.incrementAndGet();
        schema.ifPresent(s -> record("client", json, s.validateClient(json)));
    }

    private void record(String side, String json, List<String> problems) {
        if (!problems.isEmpty()) {
            String v = side + " " + (json.length() > 200 ? json.substring(0, 200) + "…" : json) + " -> "
                    + (problems.size() > 3 ? problems.subList(0, 3) + " (+" + (problems.size() - 3) + " more)" : problems);
            if (violations.size() < 50) {
                violations.add(v);
            }
            log.warn("schema violation: {}", v);
        }
    }

    private boolean refuse() {
        if (rejectRatio <= 0) {
            return false;
        }
        synchronized (faultRandom) {
            return faultRandom.nextDouble() < rejectRatio;
        }
    }

    void sessionExpired() {
        sessionsExpired.incrementAndGet();
    }

    void socketDropped() {
        socketsDropped.incrementAndGet();
    }

    void unrecognised() {
        unrecognised.incrementAndGet();
    }

    void truncateRejected() {
        truncateRejected.incrementAndGet();
    }

    void responseFinished(String status) {
        (status.equals("completed") ? responsesCompleted : responsesCancelled).incrementAndGet();
    }

    void itemDeleted() {
        itemsDeleted.incrementAndGet();
    }

    void sessionConfigured(String callSid, dev.callbridge.wire.realtime.SessionConfig config) {
        configs.put(callSid, config);
    }

    /** The configuration a call's session last took (instructions, voice, model, formats), if it took one. */
    public java.util.Optional<dev.callbridge.wire.realtime.SessionConfig> sessionConfig(String callSid) {
        return java.util.Optional.ofNullable(configs.get(callSid));
    }

    void assistantTextWritten(String text) {
        assistantTexts.add(text);
    }

    /** Assistant text items clients created (as a bridge does to replace a reply by what the caller heard). */
    public List<String> assistantTextsWritten() {
        return List.copyOf(assistantTexts);
    }

    void sessionClosed() {
        openSessions.decrementAndGet();
    }

    /** Schema violations seen (up to 50), both directions; empty when not validating. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public Map<String, Long> stats() {
        Map<String, Long> m = new TreeMap<>();
        m.put("sessions", sessions.get());
        m.put("openSessions", openSessions.get());
        m.put("serverEvents", serverEvents.get());
        m.put("clientEvents", clientEvents.get());
        m.put("unrecognisedUtterances", unrecognised.get());
        m.put("truncatesRejected", truncateRejected.get());
        m.put("responsesCompleted", responsesCompleted.get());
        m.put("responsesCancelled", responsesCancelled.get());
        m.put("schemaViolations", (long) violations.size());
        m.put("restResponsesServed", responses.served()); // summaries and generated caller lines
        m.put("itemsDeleted", itemsDeleted.get());
        m.put("connectsRefused", connectsRefused.get());
        m.put("sessionsExpired", sessionsExpired.get());
        m.put("socketsDropped", socketsDropped.get());
        return m;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        loops.close();
    }
}
