package dev.callbridge.bridge.call;

import static dev.callbridge.bridge.call.CloseCode.INTERNAL_ERROR;
import static dev.callbridge.bridge.call.CloseCode.NORMAL;
import static dev.callbridge.bridge.call.CloseCode.POLICY_VIOLATION;
import static dev.callbridge.bridge.call.CloseCode.UNSUPPORTED_DATA;

import dev.callbridge.bridge.recording.CallRecorder;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.ServerEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone call: the Twilio Media Stream and its OpenAI Realtime session, the playback state and the transcript.
 * Twilio events arrive on the Twilio socket's reader thread, Realtime events on the OpenAI socket's; a per-call lock
 * guards the state, and sends only enqueue, so neither reader ever waits on the other socket. Every way a call ends
 * funnels into {@link #finish}, which runs once: both sockets close and the summary goes to the mail pipeline.
 */
public final class CallSession implements TwilioCall, RealtimeListener, CallRegistry.ActiveCall {
    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    private enum State { AWAITING_START, ACTIVE, ENDED }

    private final String key;
    private final CallSettings settings;
    private final TwilioPort twilio;
    private final RealtimeDialer dialer;
    private final SummarySink sink;
    private final Clock clock;
    private final CallRegistry registry;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.AWAITING_START;
    private TwilioEvent.Start start;
    private Instant startedAt;
    private RealtimePort realtime;
    private AudioStage audio;
    private long latestMediaMs;
    private long firstForwardedMs = -1;
    private final Transcript transcript = new Transcript();
    private CallRecorder recorder;
    private final Playback playback;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Set<String> unrecognizedTypes = new HashSet<>();

    /**
     * @param key identifies the call in the registry before its call SID is known (the socket id)
     * @param clock wall-clock time for the transcript; {@code ticker} monotonic nanoseconds for playback position
     */
    public CallSession(String key, CallSettings settings, TwilioPort twilio, RealtimeDialer dialer, SummarySink sink,
                       Clock clock, LongSupplier ticker, CallRegistry registry) {
        this.key = key;
        this.settings = settings;
        this.twilio = twilio;
        this.dialer = dialer;
        this.sink = sink;
        this.clock = clock;
        this.playback = new Playback(ticker);
        this.registry = registry;
    }

    // ---- Twilio leg -------------------------------------------------------------------------------------------

    /** A text frame from Twilio. Malformed or out-of-order input ends this call only, with a reason. */
    @Override
    public void onTwilioText(String text) {
        TwilioEvent event;
        try {
            event = MediaStreamCodec.decodeEvent(text);
        } catch (WireFormatException e) {
            fail(POLICY_VIOLATION, "malformed Media Streams message: " + e.getMessage());
            return;
        }
        CallFailure failure = null;
        lock.lock();
        try {
            if (state == State.ENDED) {
                count("lateTwilioMessages");
                return;
            }
            onTwilio(event);
        } catch (CallFailure f) {
            failure = f;
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            fail(failure.status(), failure.getMessage());
        } else if (event instanceof TwilioEvent.Stop) {
            finish(NORMAL, "twilio-stop", false);
        }
    }

    private void onTwilio(TwilioEvent event) {
        switch (event) {
            case TwilioEvent.Connected c -> count("connected");
            case TwilioEvent.Start s -> onStart(s);
            case TwilioEvent.Media m -> {
                requireStarted("media", m.streamSid());
                if (!m.track().isEmpty() && !m.track().equals("inbound")) {
                    count("ignoredTracks");
                    return;
                }
                latestMediaMs = m.timestampMs();
                if (firstForwardedMs < 0) {
                    firstForwardedMs = m.timestampMs();
                }
                realtime.send(new ClientEvent.InputAudioAppend(audio.toRealtime(m.payload())));
                if (recorder != null) {
                    recorder.caller(m.timestampMs(), m.payload());
                }
                count("framesIn");
            }
            case TwilioEvent.Mark m -> {
                requireStarted("mark", m.streamSid());
                count(playback.onMark(m.name()) ? "marks" : "staleMarks");
            }
            case TwilioEvent.Dtmf d -> {
                requireStarted("dtmf", d.streamSid());
                count("dtmf");
                log.info("call {} DTMF {}", start.callSid(), d.digit());
            }
            case TwilioEvent.Stop s -> requireStarted("stop", s.streamSid());
        }
    }

    private void onStart(TwilioEvent.Start s) {
        if (state != State.AWAITING_START) {
            throw new CallFailure(POLICY_VIOLATION, "a second start message");
        }
        settings.callTokens().ifPresent(tokens -> {
            if (!tokens.verify(s.callSid(), s.customParameters().getOrDefault("token", ""))) {
                throw new CallFailure(POLICY_VIOLATION, "missing or invalid call token");
            }
        });
        if (!s.mediaFormat().equals(TwilioEvent.MediaFormat.MULAW_8K)) {
            throw new CallFailure(UNSUPPORTED_DATA, "unsupported media format " + s.mediaFormat());
        }
        start = s;
        startedAt = clock.instant();
        audio = settings.audio().get();
        recorder = settings.recordings().map(f -> new CallRecorder(f, s.callSid(), settings.recordingMaxBytes()))
                .orElse(null);
        state = State.ACTIVE;
        registry.started(key, false, this);
        realtime = dialer.dial(s.callSid(), this);
        SessionConfig session = settings.session();
        realtime.send(new ClientEvent.SessionUpdate(new SessionConfig(session.model(), session.instructions(),
                session.voice(), audio.realtimeFormat(), audio.realtimeFormat(), session.outputModalities(),
                session.transcription(), session.turnDetection())));
        log.info("call {} started: stream {}, from {} to {}, via {}", s.callSid(), s.streamSid(), param("from"),
                param("to"), twilio.remoteAddress());
    }

    private void requireStarted(String what, String streamSid) {
        if (state == State.AWAITING_START) {
            throw new CallFailure(POLICY_VIOLATION, what + " before start");
        }
        if (!streamSid.equals(start.streamSid())) {
            throw new CallFailure(POLICY_VIOLATION, what + " for foreign stream " + streamSid);
        }
    }

    @Override
    public void onTwilioClosed(int status, String reason) {
        finish(NORMAL, "twilio-closed " + status + (reason == null || reason.isEmpty() ? "" : " " + reason), false);
    }

    // ---- OpenAI leg -------------------------------------------------------------------------------------------

    @Override
    public void onRealtimeText(String json) {
        ServerEvent event;
        try {
            event = RealtimeCodec.decodeServer(json);
        } catch (WireFormatException e) {
            lock.lock();
            try {
                count("malformedRealtime");
            } finally {
                lock.unlock();
            }
            log.warn("call {}: unreadable Realtime event ({}), ignored", callId(), e.getMessage());
            return;
        }
        lock.lock();
        try {
            if (state == State.ACTIVE) {
                onRealtime(event);
            }
        } finally {
            lock.unlock();
        }
    }

    private void onRealtime(ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionCreated c -> log.debug("call {}: session {}", start.callSid(), c.sessionId());
            case ServerEvent.SessionUpdated u -> count("sessionUpdated");
            case ServerEvent.SpeechStarted s -> {
                transcript.started(s.itemId(), Turn.Speaker.CALLER, Duration.ofMillis(firstForwardedMs + s.audioStartMs()));
                bargeIn();
            }
            case ServerEvent.SpeechStopped s -> count("speechStopped");
            case ServerEvent.AudioCommitted c -> transcript.place(c.itemId(), c.previousItemId(), Turn.Speaker.CALLER);
            case ServerEvent.ItemAdded a -> {
                switch (a.role()) {
                    case "user" -> transcript.place(a.itemId(), a.previousItemId(), Turn.Speaker.CALLER);
                    case "assistant" -> transcript.place(a.itemId(), a.previousItemId(), Turn.Speaker.ASSISTANT);
                    default -> count("otherItems");
                }
            }
            case ServerEvent.InputTranscriptionCompleted t -> transcript.text(t.itemId(), Turn.Speaker.CALLER, t.transcript());
            case ServerEvent.InputTranscriptionFailed f -> {
                count("transcriptionFailures");
                log.warn("call {}: transcription of {} failed: {}", start.callSid(), f.itemId(), f.message());
            }
            case ServerEvent.AudioDelta d -> onAudioDelta(d);
            case ServerEvent.AudioTranscriptDone t -> transcript.text(t.itemId(), Turn.Speaker.ASSISTANT, t.transcript());
            case ServerEvent.ResponseDone r -> {
                count("responses");
                add("inputTokens", r.inputTokens());
                add("outputTokens", r.outputTokens());
            }
            case ServerEvent.Error e -> {
                count("realtimeErrors");
                log.warn("call {}: Realtime error {} {}: {}", start.callSid(), e.errorType(), e.code(), e.message());
            }
            case ServerEvent.Unrecognized u -> {
                count("unrecognizedRealtime");
                if (unrecognizedTypes.add(u.type())) {
                    log.info("call {}: unrecognised Realtime event type '{}' ignored", start.callSid(), u.type());
                }
            }
            case ServerEvent.ResponseCreated r -> count("responsesCreated");
            case ServerEvent.AudioDone d -> { }
            case ServerEvent.TextDelta t -> { }
            case ServerEvent.TextDone t -> { }
            case ServerEvent.ItemTruncated t -> count("truncated");
            case ServerEvent.Ignored i -> { }
        }
    }

    private void onAudioDelta(ServerEvent.AudioDelta d) {
        String payload = audio.toTwilio(d.delta());
        if (payload.isEmpty()) {
            count("emptyDeltas");
            return;
        }
        long ms = AudioStage.mulawMillis(payload);
        if (!playback.generated(d.itemId(), ms)) {
            count("lateDeltasDropped");
            return;
        }
        // The turn starts when its first audio reaches Twilio (later calls keep the first time).
        transcript.started(d.itemId(), Turn.Speaker.ASSISTANT, Duration.ofMillis(latestMediaMs));
        String streamSid = start.streamSid();
        twilio.send(new TwilioCommand.Media(streamSid, payload));
        if (recorder != null) {
            recorder.assistant(latestMediaMs, payload);
        }
        twilio.send(new TwilioCommand.Mark(streamSid, playback.sent(d.itemId(), ms)));
        count("framesOut");
    }

    /** The caller started talking: stop what Twilio is still playing and tell the model what was heard. */
    private void bargeIn() {
        playback.playing().ifPresent(itemId -> {
            long heardMs = playback.cut(itemId);
            twilio.send(new TwilioCommand.Clear(start.streamSid()));
            if (recorder != null) {
                recorder.cleared(latestMediaMs);
            }
            realtime.send(new ClientEvent.ItemTruncate(itemId, 0, heardMs));
            count("bargeIns");
            log.debug("call {}: barge-in, {} cut at {} ms", start.callSid(), itemId, heardMs);
        });
    }

    @Override
    public void onRealtimeClosed(int status, String reason) {
        finish(INTERNAL_ERROR, "realtime-closed " + status + (reason.isEmpty() ? "" : " " + reason), true);
    }

    // ---- ending -----------------------------------------------------------------------------------------------

    @Override
    public void end(int status, String reason) {
        log.info("call {} ended by the bridge: {}", callId(), reason);
        finish(status, reason, false);
    }

    /** Ends this call because of bad input or a broken leg: one log line, a close reason, the summary mailed. */
    @Override
    public void fail(int status, String reason) {
        log.warn("call {} failed: {}", callId(), reason);
        finish(status, "failed: " + reason, true);
    }

    private void finish(int status, String reason, boolean failure) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        CallSummary unrecorded = null;
        RealtimePort leg;
        CallRecorder recording;
        lock.lock();
        try {
            boolean started = state != State.AWAITING_START;
            state = State.ENDED;
            leg = realtime;
            recording = recorder;
            if (started) {
                for (String itemId : playback.cutItems()) {
                    transcript.interrupted(itemId, playback.heardFraction(itemId));
                }
                counters.put("droppedToRealtime", leg.dropped());
                counters.put("droppedToTwilio", twilio.dropped());
                unrecorded = new CallSummary(CallSummary.Channel.VOICE, start.callSid(), start.streamSid(), param("from"), param("to"), startedAt,
                        clock.instant(), reason, transcript.turns(startedAt), counters, "");
            }
        } finally {
            lock.unlock();
        }
        if (leg != null) {
            leg.close();
        }
        twilio.close(status, reason.length() > 120 ? reason.substring(0, 120) : reason);
        if (unrecorded == null) {
            log.info("socket {} closed before a call started ({})", key, reason);
            return;
        }
        CallSummary s = unrecorded;
        // Written after both sockets closed: a long recording takes a moment, and the summary lists it.
        CallSummary summary = recording == null ? s : new CallSummary(s.channel(), s.callId(), s.streamSid(), s.from(), s.to(),
                s.startedAt(), s.endedAt(), s.endReason(), s.turns(), s.counters(), recording.finish().orElse(""));
        registry.ended(key, failure, summary.counters());
        log.info("call {} ended ({}): {} turns, {}", summary.callId(), reason, summary.turns().size(), summary.counters());
        sink.accept(summary, new Origin("media-stream", summary.callId(), summary.from(), summary.to(),
                twilio.remoteAddress(), settings.instanceId()));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String param(String name) {
        return start.customParameters().getOrDefault(name, "");
    }

    private String callId() {
        lock.lock();
        try {
            return start == null ? "(socket " + key + ")" : start.callSid();
        } finally {
            lock.unlock();
        }
    }

    private void count(String counter) {
        add(counter, 1);
    }

    private void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }
}
