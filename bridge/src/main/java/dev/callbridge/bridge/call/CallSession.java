package dev.callbridge.bridge.call;

import static dev.callbridge.bridge.call.CloseCode.INTERNAL_ERROR;
import static dev.callbridge.bridge.call.CloseCode.NORMAL;
import static dev.callbridge.bridge.call.CloseCode.POLICY_VIOLATION;
import static dev.callbridge.bridge.call.CloseCode.UNSUPPORTED_DATA;

import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.journal.SummarySink;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone call: the Twilio Media Stream and its OpenAI Realtime sessions, the playback state and the transcript.
 * Twilio events arrive on the Twilio socket's reader thread, Realtime events on the OpenAI sockets'; a per-call lock
 * guards the state, and sends only enqueue, so neither reader ever waits on the other socket. A lost OpenAI session
 * is replaced and reseeded while the call stays up ({@link RealtimeSessions}); when none can be had, the caller
 * hears an apology and the call ends. Each Twilio media frame (every 20 ms) is the call's clock tick: reconnects,
 * rollovers and the call's limits (maximum length, idle hang-up) are checked on it, on the media timeline. Every
 * way a call ends funnels into {@link #finish}, which runs once: the sockets close and the summary is mailed.
 */
public final class CallSession implements TwilioCall, CallRegistry.ActiveCall, RealtimeSessions.Host {
    private static final Logger log = LoggerFactory.getLogger(CallSession.class);
    static final String APOLOGY_MARK = "apology";
    private static final String AFTER_EARLIER_SESSIONS = "(after earlier sessions)";
    /** The apology's end is waited for this long past its length, in case Twilio never echoes its mark. */
    private static final long APOLOGY_GRACE_MS = 2_000;
    /** Caller audio judged before a session switch: 300 ms, the VAD's prefix padding. */
    private static final int RECENT_FRAMES = 15;
    /** Louder than this is someone speaking (line noise is far below; speech peaks near -3 dBFS). */
    private static final double AUDIBLE_DBFS = -50;
    /** After a committed caller turn, a reply is expected this soon; until then it is no moment to switch. */
    private static final long REPLY_EXPECTED_WITHIN_MS = 5_000;

    private enum State { AWAITING_START, ACTIVE, ENDED }

    private final String key;
    private final CallSettings settings;
    private final TwilioPort twilio;
    private final RealtimeDialer dialer;
    private final SummarySink sink;
    private final Clock clock;
    private final LongSupplier ticker;
    private final CallRegistry registry;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.AWAITING_START;
    private TwilioEvent.Start start;
    private Instant startedAt;
    private RealtimeSessions realtime;
    private AudioStage audio;
    private long latestMediaMs;
    private long startedAtNanos;
    private long lastActivityMs;
    /** The silent user items idle timeouts committed: no one spoke, so they stay out of the transcript. */
    private final Set<String> silentItems = new HashSet<>();
    /** An idle timeout fired and its prompt's assistant item has not been added yet. */
    private boolean idleTimedOut;
    /** The reply prompting a silent caller: it does not count as activity, so the idle hang-up stays the hard limit. */
    private String idlePromptItem;
    private String speechItem;
    private String replyItem;
    private boolean responding;
    private long apologyEndsMs = -1;
    private long awaitingReplySinceMs = -1;
    private String unavailable;
    private CallFailure ending;
    private Transcript transcript = new Transcript();
    private CallJournal.Writer journal;
    /** The caller's last frames, each judged audible or not at most once (only when a switch is considered). */
    private final RecentCallerAudio recentCallerAudio = new RecentCallerAudio(RECENT_FRAMES, AUDIBLE_DBFS);
    private CallRecorder recorder;
    private final Playback playback;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    /** The per-frame counters, kept out of the map until the end (a map merge per frame cost 6 % of the relay's CPU). */
    private long framesIn;
    private long framesOut;
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
        this.ticker = ticker;
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
            if (ending != null) {
                failure = ending;
            }
        } catch (CallFailure f) {
            failure = f;
        } finally {
            lock.unlock();
        }
        if (failure != null && failure.status() == NORMAL) {
            end(NORMAL, failure.getMessage());
        } else if (failure != null) {
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
                realtime.append(m.timestampMs(), m.payload());
                recentCallerAudio.add(m.payload());
                if (recorder != null) {
                    recorder.caller(m.timestampMs(), m.payload());
                }
                framesIn++;
                tick();
            }
            case TwilioEvent.Mark m -> {
                requireStarted("mark", m.streamSid());
                if (m.name().equals(APOLOGY_MARK) && apologyEndsMs >= 0) {
                    ending = new CallFailure(NORMAL, "realtime unavailable (" + unavailable + "): apology played");
                } else {
                    count(playback.onMark(m.name()) ? "marks" : "staleMarks");
                }
            }
            case TwilioEvent.Dtmf d -> {
                requireStarted("dtmf", d.streamSid());
                count("dtmf");
                log.info("call {} DTMF {}", start.callSid(), d.digit());
            }
            case TwilioEvent.Stop s -> requireStarted("stop", s.streamSid());
            case TwilioEvent.Unrecognized u -> {
                count("unrecognizedTwilio");
                if (unrecognizedTypes.add("twilio:" + u.event())) {
                    log.info("call {}: unrecognised Media Streams event '{}' ignored", callId(), u.event());
                }
            }
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
        startedAtNanos = ticker.getAsLong();
        journal = settings.journal().open(new CallJournal.Header(CallSummary.Channel.VOICE, s.callSid(), s.streamSid(),
                param("from"), param("to"), startedAt, twilio.remoteAddress(), settings.instanceId()));
        transcript = new Transcript(journal, settings.keptTurns());
        audio = settings.audio().get();
        recorder = settings.recordings().map(f -> new CallRecorder(f, s.callSid(), settings.recordingMaxBytes(),
                        settings.journal().disk()))
                .orElse(null);
        state = State.ACTIVE;
        registry.started(key, false, this);
        realtime = new RealtimeSessions(s.callSid(), dialer, settings.reconnect(), ticker,
                new SplittableRandom(s.callSid().hashCode()), audio, settings.audio(), this);
        realtime.open();
        log.info("call {} started: stream {}, from {} to {}, via {}", s.callSid(), s.streamSid(), param("from"),
                param("to"), twilio.remoteAddress());
    }

    /**
     * Where a session's new item goes: after {@code previous}; in a replacement session, an item with no previous
     * (nothing was seeded) goes after everything said in earlier sessions, not at the start. (One after a seed copy
     * names an id the transcript does not know, which places it at the end too.)
     */
    private Optional<String> previous(int generation, Optional<String> previous) {
        return previous.isEmpty() && realtime.replacement(generation) ? Optional.of(AFTER_EARLIER_SESSIONS) : previous;
    }

    /** The call's clock, once per media frame: session upkeep and the call's limits, on the media timeline. */
    private void tick() {
        if (apologyEndsMs >= 0) {
            if (latestMediaMs >= apologyEndsMs) {
                ending = new CallFailure(NORMAL, "realtime unavailable (" + unavailable + "): apology played, unconfirmed");
            }
            return;
        }
        realtime.tick(this::quiet);
        CallSettings.Limits limits = settings.limits();
        // Wall time (the ticker), not the media timeline: it is how long the caller has waited in silence.
        if (!realtime.everEstablished() && ticker.getAsLong() - startedAtNanos >= limits.answerDeadline().toNanos()) {
            apologise(realtime.giveUp("no OpenAI session answered within " + limits.answerDeadline()));
        } else if (latestMediaMs >= limits.maxLength().toMillis()) {
            ending = new CallFailure(NORMAL, "maximum call length " + limits.maxLength() + " reached");
        } else if (latestMediaMs - lastActivityMs >= limits.idleTimeout().toMillis()) {
            ending = new CallFailure(NORMAL, "idle for " + limits.idleTimeout() + ": no one spoke");
        }
    }

    /**
     * A moment to switch sessions in: no one speaking (by the session's VAD, and by the caller's last 300 ms of
     * audio, which the VAD may not have judged yet), nothing playing, no reply being generated.
     */
    private boolean quiet() {
        if (speechItem != null || responding || playback.playing().isPresent()) {
            return false;
        }
        if (awaitingReplySinceMs >= 0 && latestMediaMs - awaitingReplySinceMs < REPLY_EXPECTED_WITHIN_MS) {
            return false; // the caller's turn is committed and its reply about to start: switching now would lose it
        }
        return !recentCallerAudio.anyAudible();
    }

    @Override
    public Reseed.Seed seed(boolean afterLoss) {
        var update = settings.session().withFormats(audio.realtimeFormat(), audio.realtimeFormat());
        applyCuts();
        return Reseed.of(update, transcript.earlier(), transcript.spoken(), afterLoss);
    }

    @Override
    public RealtimeListener listener(int generation) {
        return new RealtimeListener() {
            @Override
            public void onRealtimeText(String json) {
                CallSession.this.onRealtimeText(generation, json);
            }

            @Override
            public void onRealtimeClosed(int status, String reason) {
                CallSession.this.onRealtimeClosed(generation, status, reason);
            }
        };
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
        finish(NORMAL, CloseCode.closed("twilio", status, reason), false);
    }

    // ---- OpenAI leg -------------------------------------------------------------------------------------------

    private void onRealtimeText(int generation, String json) {
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
            if (state != State.ACTIVE) {
                return;
            }
            switch (realtime.role(generation)) {
                case CURRENT -> onRealtime(generation, event);
                case PENDING -> onPendingRealtime(generation, event);
                case STALE -> count("staleRealtimeEvents");
            }
        } finally {
            lock.unlock();
        }
    }

    /** A replacement session getting ready: only its acknowledgements matter until it takes over. */
    private void onPendingRealtime(int generation, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionUpdated u -> realtime.established(generation);
            case ServerEvent.ItemAdded a -> realtime.acknowledged(generation, a.itemId());
            case ServerEvent.Error e -> log.warn("call {}: Realtime error in the next session {} {}: {}", start.callSid(),
                    e.errorType(), e.code(), e.message());
            default -> count("pendingRealtimeEvents");
        }
    }

    private void onRealtime(int generation, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionCreated c -> log.debug("call {}: session {}", start.callSid(), c.sessionId());
            case ServerEvent.SessionUpdated u -> {
                count("sessionUpdated");
                realtime.established(generation);
            }
            case ServerEvent.SpeechStarted s -> {
                speechItem = s.itemId();
                idleTimedOut = false;
                idlePromptItem = null;
                realtime.speechStarted();
                lastActivityMs = latestMediaMs;
                long origin = Math.max(0, realtime.originMs(generation));
                transcript.started(s.itemId(), Turn.Speaker.CALLER, Duration.ofMillis(origin + s.audioStartMs()));
                bargeIn();
            }
            case ServerEvent.SpeechStopped s -> count("speechStopped");
            case ServerEvent.IdleTimeoutTriggered t -> {
                // The session heard no one for its idle timeout after the last reply: it commits the silence as a
                // user item and answers it, prompting the caller. Nothing the caller said; the prompt is a turn.
                silentItems.add(t.itemId());
                idleTimedOut = true;
                count("idlePrompts");
                log.info("call {}: caller silent for {} ms; the assistant prompts", start.callSid(),
                        t.audioEndMs() - t.audioStartMs());
            }
            case ServerEvent.AudioCommitted c -> {
                speechItem = null;
                awaitingReplySinceMs = latestMediaMs;
                realtime.committed(c.itemId());
                if (!silentItems.contains(c.itemId())) {
                    transcript.place(c.itemId(), previous(generation, c.previousItemId()), Turn.Speaker.CALLER);
                }
            }
            case ServerEvent.ItemAdded a -> {
                if (realtime.acknowledged(generation, a.itemId())) {
                    log.debug("call {}: seed copy {} acknowledged", start.callSid(), a.itemId());
                    return; // a copy of an earlier turn, seeded into this session
                }
                Optional<String> previous = previous(generation, a.previousItemId());
                log.debug("call {}: {} item {} after {}", start.callSid(), a.role(), a.itemId(), previous.orElse("-"));
                switch (a.role()) {
                    case "user" -> {
                        if (!silentItems.contains(a.itemId())) {
                            transcript.place(a.itemId(), previous, Turn.Speaker.CALLER);
                        }
                    }
                    case "assistant" -> {
                        if (idleTimedOut) {
                            idlePromptItem = a.itemId();
                            idleTimedOut = false;
                        }
                        applyCuts(); // the earlier replies are done: their cut shares are final
                        playback.forgetAllButCurrent();
                        playback.begin(a.itemId(), generation);
                        replyItem = a.itemId();
                        transcript.place(a.itemId(), previous, Turn.Speaker.ASSISTANT);
                    }
                    default -> count("otherItems");
                }
            }
            case ServerEvent.InputTranscriptionCompleted t -> {
                realtime.transcribed(t.itemId());
                if (!silentItems.remove(t.itemId())) {
                    transcript.text(t.itemId(), Turn.Speaker.CALLER, t.transcript());
                }
            }
            case ServerEvent.InputTranscriptionFailed f -> {
                realtime.transcribed(f.itemId());
                silentItems.remove(f.itemId());
                count("transcriptionFailures");
                log.warn("call {}: transcription of {} failed: {}", start.callSid(), f.itemId(), f.message());
            }
            case ServerEvent.AudioDelta d -> onAudioDelta(d);
            case ServerEvent.AudioTranscriptDelta t -> transcript.partial(t.itemId(), Turn.Speaker.ASSISTANT, t.delta());
            case ServerEvent.AudioTranscriptDone t -> transcript.text(t.itemId(), Turn.Speaker.ASSISTANT, t.transcript());
            case ServerEvent.ResponseDone r -> {
                log.debug("call {}: response done, reply {}", start.callSid(), replyItem);
                responding = false;
                awaitingReplySinceMs = -1;
                replyItem = null;
                count("responses");
                add("inputTokens", r.inputTokens());
                add("outputTokens", r.outputTokens());
            }
            case ServerEvent.Error e -> {
                count(e.code().equals("session_expired") ? "sessionsExpired" : "realtimeErrors");
                log.warn("call {}: Realtime error {} {}: {}", start.callSid(), e.errorType(), e.code(), e.message());
            }
            case ServerEvent.Unrecognized u -> {
                count("unrecognizedRealtime");
                if (unrecognizedTypes.add(u.type())) {
                    log.info("call {}: unrecognised Realtime event type '{}' ignored", start.callSid(), u.type());
                }
            }
            case ServerEvent.ResponseCreated r -> {
                responding = true;
                count("responsesCreated");
            }
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
        if (!d.itemId().equals(idlePromptItem)) {
            lastActivityMs = latestMediaMs;
        }
        awaitingReplySinceMs = -1;
        realtime.answered();
        // The turn starts when its first audio reaches Twilio (later calls keep the first time).
        transcript.started(d.itemId(), Turn.Speaker.ASSISTANT, Duration.ofMillis(latestMediaMs));
        if (recorder != null) {
            recorder.assistant(latestMediaMs, payload);
        }
        String streamSid = start.streamSid();
        twilio.send(new TwilioCommand.Media(streamSid, payload), new TwilioCommand.Mark(streamSid, playback.sent(d.itemId(), ms)));
        framesOut++;
    }

    /**
     * The caller started talking: stop what Twilio is still playing, drop what is still to come of a reply being
     * generated (the server cancels it: {@code interrupt_response}), and tell the model what was heard of each.
     */
    private void bargeIn() {
        List<String> cut = new ArrayList<>(2);
        playback.playing().ifPresent(cut::add);
        if (replyItem != null && !playback.isCut(replyItem) && !cut.contains(replyItem)) {
            cut.add(replyItem); // its audio may be all played, or not yet come: deltas in flight must not play
        }
        if (cut.isEmpty()) {
            return;
        }
        boolean cleared = false;
        for (String itemId : cut) {
            long heardMs = playback.cut(itemId);
            transcript.interrupted(itemId, playback.heardFraction(itemId)); // journaled now; final when its reply is done
            if (playback.sentMs(itemId) == 0) {
                continue; // no audio of it reached the caller, and the item may have none to truncate
            }
            if (!cleared) {
                twilio.send(new TwilioCommand.Clear(start.streamSid()));
                if (recorder != null) {
                    recorder.cleared(latestMediaMs);
                }
                cleared = true;
            }
            if (realtime.role(playback.generation(itemId)) == RealtimeSessions.Role.CURRENT) {
                realtime.send(new ClientEvent.ItemTruncate(itemId, 0, heardMs));
            } else {
                count("truncatesSkipped"); // a lost session's item: the current session holds only a text copy
            }
            log.debug("call {}: barge-in, {} cut at {} ms", start.callSid(), itemId, heardMs);
        }
        count("bargeIns");
    }

    private void onRealtimeClosed(int generation, int status, String reason) {
        String why = CloseCode.closed("realtime", status, reason);
        lock.lock();
        try {
            if (state != State.ACTIVE || !realtime.lost(generation, why)) {
                return;
            }
            // What the lost session was doing will not finish: a reply keeps the words generated (Twilio plays
            // the audio it has), speech not yet committed is replayed into the next session and heard anew.
            log.debug("call {}: session {} lost; reply {} ({} ms sent), speech {}", start.callSid(), generation,
                    replyItem, replyItem == null ? 0 : playback.sentMs(replyItem), speechItem);
            if (replyItem != null) {
                transcript.cutShort(replyItem, playback.sentMs(replyItem) > 0);
                replyItem = null;
            }
            realtime.takeReplayedItem().ifPresent(transcript::discard);
            if (speechItem != null) {
                transcript.discard(speechItem);
                speechItem = null;
            }
            responding = false;
            count("realtimeLost");
            realtime.gaveUp().ifPresentOrElse(this::apologise,
                    () -> log.warn("call {}: OpenAI session lost ({}), reconnecting", start.callSid(), why));
        } finally {
            lock.unlock();
        }
    }

    /** No OpenAI session can be had: the caller hears why, then the call ends (never silence). */
    private void apologise(String why) {
        log.warn("call {}: no OpenAI session ({}); playing the apology and ending the call", start.callSid(), why);
        count("apologies");
        playback.playing().ifPresent(itemId -> {
            playback.cut(itemId);
            twilio.send(new TwilioCommand.Clear(start.streamSid()));
        });
        byte[] apology = settings.apology();
        for (int from = 0; from < apology.length; from += 8_000) {
            byte[] second = java.util.Arrays.copyOfRange(apology, from, Math.min(apology.length, from + 8_000));
            twilio.send(new TwilioCommand.Media(start.streamSid(), Base64.getEncoder().encodeToString(second)));
        }
        twilio.send(new TwilioCommand.Mark(start.streamSid(), APOLOGY_MARK));
        apologyEndsMs = latestMediaMs + apology.length / 8 + APOLOGY_GRACE_MS;
        unavailable = why;
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
        Transcript.Ending ending = null;
        RealtimeSessions leg;
        CallRecorder recording;
        lock.lock();
        try {
            boolean started = state != State.AWAITING_START;
            state = State.ENDED;
            leg = realtime;
            recording = recorder;
            if (started) {
                cutAtCallEnd();
                applyCuts();
                counters.put("framesIn", framesIn);
                counters.put("framesOut", framesOut);
                leg.addCounters(counters);
                counters.put("droppedToRealtime", leg.dropped());
                counters.put("droppedToTwilio", twilio.dropped());
                transcript.addCounters(counters);
                ending = transcript.end(startedAt);
                unrecorded = new CallSummary(CallSummary.Channel.VOICE, start.callSid(), start.streamSid(), param("from"), param("to"), startedAt,
                        clock.instant(), reason, ending.kept(), counters, "");
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
        Transcript.Ending last = ending;
        registry.ended(key, failure, s.counters());
        var origin = new Origin("media-stream", s.callId(), s.from(), s.to(), twilio.remoteAddress(), settings.instanceId());
        // On the journal's disk thread, not this socket thread (which may carry every other call): the turns the
        // transcript forgot, read back from the journal; the recording (a long one takes a moment, and the summary
        // lists it); the spooling; then the journal's deletion.
        CallJournal.Writer writer = journal;
        writer.finish(() -> {
            CallSummary summary = s.completed(last.turns(writer::written),
                    recording == null ? "" : recording.finish().orElse(""));
            log.info("call {} ended ({}): {} turns, {}", summary.callId(), reason, summary.turns().size(), summary.counters());
            sink.accept(summary, origin);
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * The call ends while a reply is still playing or being generated: the caller heard only part of it, so the turn
     * keeps that part (the words generated so far if its text never came), marked as cut off, as a lost session's
     * reply is. A reply none of whose audio reached Twilio was not heard at all and is left out.
     */
    private void cutAtCallEnd() {
        playback.playing().ifPresent(playback::cut);
        if (replyItem != null && playback.sentMs(replyItem) == 0) {
            transcript.discard(replyItem);
        } else if (replyItem != null) {
            transcript.cutShort(replyItem, true);
        }
        replyItem = null;
    }

    /** Marks each reply the caller cut off, keeping what was heard (the share is final once its audio stops). */
    private void applyCuts() {
        for (String itemId : playback.cutItems()) {
            transcript.interrupted(itemId, playback.heardFraction(itemId));
        }
    }

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
