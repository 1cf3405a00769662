package dev.callbridge.bridge.call;

import static dev.callbridge.bridge.call.CloseCode.NORMAL;
import static dev.callbridge.bridge.call.CloseCode.POLICY_VIOLATION;
import static dev.callbridge.bridge.call.CloseCode.UNSUPPORTED_DATA;

import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.recording.CallRecorder;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone call: Twilio's Media Stream on one side, the voice model's ({@link VoiceSession}) on the other, and
 * between them the conversation the caller hears ({@link Turns}). Twilio events arrive decoded on the Twilio
 * socket's loop, the model's on its sockets' (through {@link VoiceEvents#whileActive}); a per-call lock guards the
 * state, and sends only enqueue, so neither socket ever waits on the other. Each media frame (every 20 ms) is the
 * call's clock tick: session upkeep and the call's limits run on it, on the media timeline. When the model's side
 * gives up, the caller hears the {@link Apology}. Every way a call ends funnels into {@link #finish}, which runs once
 * ({@link CallEnvelope}): the sockets close and the summary is mailed.
 */
public final class CallSession implements TwilioCall<TwilioEvent>, CallRegistry.ActiveCall {
    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    private enum State { AWAITING_START, ACTIVE, ENDED }

    private final CallSettings settings;
    private final TwilioPort twilio;
    private final CallProfile.Lookup profiles;
    private final Clock clock;
    private final LongSupplier ticker;
    private final CallEnvelope envelope;
    private final Apology apology;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.AWAITING_START;
    private String streamSid;
    private long startedAtNanos;
    private CallProfile profile;
    private VoiceSession voice;
    private Turns turns;
    private Transcript transcript;
    private CallRecorder recorder;
    private long latestMediaMs;
    /** The per-frame counter, kept out of the map until the end (a map merge per frame cost 6 % of the relay's CPU). */
    private long framesIn;
    private CallFailure ending;

    /**
     * @param key identifies the call in the registry before its call SID is known (the socket id)
     * @param clock wall-clock time for the transcript; {@code ticker} monotonic nanoseconds for playback position
     */
    public CallSession(String key, CallSettings settings, TwilioPort twilio, CallProfile.Lookup profiles,
                       SummarySink sink, Clock clock, LongSupplier ticker, CallRegistry registry) {
        this.settings = settings;
        this.twilio = twilio;
        this.profiles = profiles;
        this.clock = clock;
        this.ticker = ticker;
        this.apology = new Apology(settings.apology());
        this.envelope = new CallEnvelope(key, "media-stream", settings.instanceId(), settings.journal(), registry, sink,
                clock);
    }

    /** A Media Streams event. Out-of-order input ends this call only, with a reason. */
    @Override
    public void onTwilio(TwilioEvent event) {
        CallFailure failure;
        lock.lock();
        try {
            if (state == State.ENDED) {
                envelope.count("lateTwilioMessages");
                return;
            }
            onEvent(event);
            failure = ending;
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

    private void onEvent(TwilioEvent event) {
        switch (event) {
            case TwilioEvent.Connected c -> envelope.count("connected");
            case TwilioEvent.Start s -> onStart(s);
            case TwilioEvent.Media m -> {
                requireStarted("media", m.streamSid());
                if (!m.track().isEmpty() && !m.track().equals("inbound")) {
                    envelope.count("ignoredTracks");
                    return;
                }
                latestMediaMs = m.timestampMs();
                voice.append(m.timestampMs(), m.payload());
                turns.callerFrame(m.timestampMs(), m.payload());
                if (recorder != null) {
                    recorder.caller(m.timestampMs(), m.payload());
                }
                framesIn++;
                tick();
            }
            case TwilioEvent.Mark m -> {
                requireStarted("mark", m.streamSid());
                apology.onMark(m.name()).ifPresentOrElse(end -> ending = end, () -> turns.onMark(m.name()));
            }
            case TwilioEvent.Dtmf d -> {
                requireStarted("dtmf", d.streamSid());
                envelope.count("dtmf");
                log.debug("call {} DTMF {}", envelope.callId(), d.digit());
                if (!apology.playing()) {
                    turns.keypad(d.digit());
                }
            }
            case TwilioEvent.Stop s -> requireStarted("stop", s.streamSid());
            case TwilioEvent.Unrecognized u -> envelope.unrecognized("Twilio", u.event());
        }
    }

    private void onStart(TwilioEvent.Start s) {
        if (state != State.AWAITING_START) {
            throw new CallFailure(POLICY_VIOLATION, "a second start message");
        }
        String persona = s.customParameters().getOrDefault("persona", "");
        settings.callTokens().ifPresent(tokens -> {
            if (!tokens.verify(CallAuthenticator.voiceSubject(s.callSid(), persona),
                    s.customParameters().getOrDefault("token", ""))) {
                throw new CallFailure(POLICY_VIOLATION, "missing or invalid call token");
            }
        });
        profile = profiles.find(persona)
                .orElseThrow(() -> new CallFailure(POLICY_VIOLATION, "unknown persona '" + persona + "'"));
        if (!s.mediaFormat().equals(TwilioEvent.MediaFormat.MULAW_8K)) {
            throw new CallFailure(UNSUPPORTED_DATA, "unsupported media format " + s.mediaFormat());
        }
        streamSid = s.streamSid();
        startedAtNanos = ticker.getAsLong();
        String from = s.customParameters().getOrDefault("from", "");
        String to = s.customParameters().getOrDefault("to", "");
        var journal = envelope.begin(new CallEnvelope.Identity(CallSummary.Channel.VOICE, s.callSid(), s.streamSid(),
                from, to, profile.persona(), clock.instant(), twilio.remoteAddress()), this);
        transcript = new Transcript(journal, settings.keptTurns());
        recorder = settings.recordings().filter(f -> profile.recorded())
                .map(f -> new CallRecorder(f, s.callSid(), settings.recordingMaxBytes(), settings.journal().disk()))
                .orElse(null);
        turns = new Turns(streamSid, twilio, transcript, envelope, new Playback(ticker), recorder, this::whileActive,
                this::apologise);
        state = State.ACTIVE;
        voice = profile.voice().start(s.callSid(), turns);
        turns.attach(voice);
        voice.open();
        log.info("call {} started: stream {}, from {} to {}, via {}, persona {}, {}", s.callSid(), s.streamSid(), from,
                to, twilio.remoteAddress(), profile.persona(), profile.voice().describe());
    }

    private void requireStarted(String what, String sid) {
        if (state == State.AWAITING_START) {
            throw new CallFailure(POLICY_VIOLATION, what + " before start");
        }
        if (!sid.equals(streamSid)) {
            throw new CallFailure(POLICY_VIOLATION, what + " for foreign stream " + sid);
        }
    }

    /** The call's clock, once per media frame: session upkeep and the call's limits, on the media timeline. */
    private void tick() {
        if (apology.playing()) {
            apology.tick(latestMediaMs).ifPresent(end -> ending = end);
            return;
        }
        voice.tick(turns::quiet);
        CallSettings.Limits limits = settings.limits();
        // Wall time (the ticker), not the media timeline: it is how long the caller has waited in silence.
        if (!voice.everEstablished() && ticker.getAsLong() - startedAtNanos >= limits.answerDeadline().toNanos()) {
            apologise(voice.giveUp("no OpenAI session answered within " + limits.answerDeadline()));
        } else if (latestMediaMs >= profile.maxLength().toMillis()) {
            ending = new CallFailure(NORMAL, "maximum call length " + profile.maxLength() + " reached");
        } else if (turns.silentForMs() >= limits.idleTimeout().toMillis()) {
            ending = new CallFailure(NORMAL, "idle for " + limits.idleTimeout() + ": no one spoke");
        }
    }

    /** Runs a voice API's report under the lock while the call is in progress. */
    private void whileActive(Runnable action) {
        lock.lock();
        try {
            if (state == State.ACTIVE) {
                action.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No voice session can be had: the caller hears why, then the call ends (never silence). */
    private void apologise(String why) {
        log.warn("call {}: no OpenAI session ({}); playing the apology and ending the call", envelope.callId(), why);
        envelope.count("apologies");
        turns.silence();
        apology.play(twilio, streamSid, latestMediaMs, why);
    }

    @Override
    public void onTwilioClosed(int status, String reason) {
        finish(NORMAL, CloseCode.closed("twilio", status, reason), false);
    }

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
        if (!envelope.claimEnd()) {
            return;
        }
        CallEnvelope.Ended ended = null;
        VoiceSession leg;
        CallRecorder recording;
        lock.lock();
        try {
            state = State.ENDED;
            leg = voice;
            recording = recorder;
            if (envelope.started()) {
                turns.callEnded();
                envelope.put("framesIn", framesIn);
                envelope.put("framesOut", turns.framesOut());
                leg.addCounters(envelope.counters());
                envelope.put("droppedToRealtime", leg.dropped());
                envelope.put("droppedToTwilio", twilio.dropped());
                ended = envelope.end(reason, transcript);
            }
        } finally {
            lock.unlock();
        }
        if (leg != null) {
            leg.close();
        }
        twilio.close(status, CallEnvelope.closeReason(reason));
        if (ended == null) {
            log.info("{} closed before a call started ({})", callId(), reason);
            return;
        }
        envelope.mail(ended, failure, () -> recording == null ? "" : recording.finish().orElse(""));
    }

    private String callId() {
        lock.lock();
        try {
            return envelope.callId();
        } finally {
            lock.unlock();
        }
    }
}
