package dev.callbridge.bridge.text;

import static dev.callbridge.bridge.call.CloseCode.INTERNAL_ERROR;
import static dev.callbridge.bridge.call.CloseCode.NORMAL;
import static dev.callbridge.bridge.call.CloseCode.POLICY_VIOLATION;

import dev.callbridge.bridge.call.CallFailure;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.SummarySink;
import dev.callbridge.bridge.call.TwilioCall;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.bridge.twilio.CallTokens;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One text call over Twilio ConversationRelay: {@code setup} picks and opens a {@link TextProcessor}, each final
 * {@code prompt} is a caller turn handed to it, its tokens go back as {@code text} messages and form the assistant
 * turn, and {@code interrupt} cuts the last assistant turn to what the caller heard. A per-call lock guards the
 * state; the processor is called only outside it (its replies take the lock from any thread). Every way the call
 * ends funnels into {@link #finish}, which runs once: the processor closes, the socket closes, the transcript is
 * mailed.
 */
public final class TextCallSession implements TwilioCall, TextProcessor.Replies, CallRegistry.ActiveCall {
    private static final Logger log = LoggerFactory.getLogger(TextCallSession.class);

    /**
     * What every text call is configured with.
     *
     * @param callTokens checks the per-call token in {@code setup}; empty when signatures are not validated
     * @param welcomeGreeting what Twilio says first (the TwiML's {@code welcomeGreeting}): the first assistant turn
     * @param journal where each call's turns are journaled as they are complete (a reply when its last token goes)
     */
    public record Settings(TextProcessors processors, Optional<CallTokens> callTokens, String instanceId,
                           String welcomeGreeting, CallJournal journal) {
        public Settings {
            Objects.requireNonNull(journal);
            Objects.requireNonNull(processors);
            Objects.requireNonNull(callTokens);
            Objects.requireNonNull(instanceId);
            Objects.requireNonNull(welcomeGreeting);
        }
    }

    private enum State { AWAITING_SETUP, ACTIVE, ENDED }

    private final String key;
    private final Settings settings;
    private final RelayPort twilio;
    private final SummarySink sink;
    private final Clock clock;
    private final CallRegistry registry;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.AWAITING_SETUP;
    private RelayMessage.Setup setup;
    private Instant startedAt;
    private String processorName = "";
    private TextProcessor.Conversation conversation;
    private final List<Turn> turns = new ArrayList<>();
    private CallJournal.Writer journal;
    /** The index in {@code turns} of the assistant turn being streamed; -1 when none. */
    private int replyIndex = -1;
    /** After an interrupt, tokens of the cut reply are dropped until the caller's next message. */
    private boolean discarding;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Set<String> unrecognizedTypes = new HashSet<>();

    public TextCallSession(String key, Settings settings, RelayPort twilio, SummarySink sink, Clock clock,
                           CallRegistry registry) {
        this.key = key;
        this.settings = settings;
        this.twilio = twilio;
        this.sink = sink;
        this.clock = clock;
        this.registry = registry;
    }

    // ---- from Twilio ------------------------------------------------------------------------------------------

    /** A text frame from Twilio. Malformed or out-of-order input ends this call only, with a reason. */
    @Override
    public void onTwilioText(String text) {
        RelayMessage message;
        try {
            message = ConversationRelayCodec.decodeMessage(text);
        } catch (WireFormatException e) {
            fail(POLICY_VIOLATION, "malformed ConversationRelay message: " + e.getMessage());
            return;
        }
        Runnable then;
        lock.lock();
        try {
            if (state == State.ENDED) {
                count("lateTwilioMessages");
                return;
            }
            then = onMessage(message);
        } catch (CallFailure f) {
            then = () -> fail(f.status(), f.getMessage());
        } finally {
            lock.unlock();
        }
        then.run(); // outside the lock: the processor may answer at once, from this thread
    }

    /** Updates the state; returns what to do once the lock is released. */
    private Runnable onMessage(RelayMessage message) {
        if (state == State.AWAITING_SETUP && !(message instanceof RelayMessage.Setup)) {
            throw new CallFailure(POLICY_VIOLATION, type(message) + " before setup");
        }
        Instant now = clock.instant();
        switch (message) {
            case RelayMessage.Setup s -> {
                return onSetup(s, now);
            }
            case RelayMessage.Prompt p -> {
                if (!p.last()) {
                    count("partialPrompts"); // the final prompt repeats the whole utterance
                    return () -> { };
                }
                replyIndex = -1;
                discarding = false;
                turns.add(new Turn(Turn.Speaker.CALLER, p.voicePrompt(), offset(now), now, false));
                journal(turns.size() - 1);
                count("prompts");
                var c = conversation;
                return c == null ? () -> { } : () -> c.prompt(p.voicePrompt(), now);
            }
            case RelayMessage.Interrupt i -> {
                count("interrupts");
                if (!cutLastReply(i.utteranceUntilInterrupt())) {
                    count("interruptsWithoutReply");
                }
                var c = conversation;
                return c == null ? () -> { } : () -> c.interrupted(i.utteranceUntilInterrupt());
            }
            case RelayMessage.Dtmf d -> {
                count("dtmf");
                log.info("text call {} DTMF {}", setup.callSid(), d.digit());
            }
            case RelayMessage.Info i -> count("info");
            case RelayMessage.Error e -> {
                count("twilioErrors");
                log.warn("text call {}: Twilio reports an error: {}", setup.callSid(), e.description());
            }
            case RelayMessage.Unrecognized u -> {
                count("unrecognizedTwilio");
                if (unrecognizedTypes.add(u.type())) {
                    log.info("text call {}: unrecognised ConversationRelay message type '{}' ignored", setup.callSid(), u.type());
                }
            }
        }
        return () -> { };
    }

    private Runnable onSetup(RelayMessage.Setup s, Instant now) {
        if (state != State.AWAITING_SETUP) {
            throw new CallFailure(POLICY_VIOLATION, "a second setup message");
        }
        settings.callTokens().ifPresent(tokens -> {
            if (!tokens.verify(s.callSid(), s.customParameters().getOrDefault("token", ""))) {
                throw new CallFailure(POLICY_VIOLATION, "missing or invalid call token");
            }
        });
        String name = settings.processors().choose(s.customParameters().get("processor"), s.to());
        TextProcessor processor = settings.processors().find(name).orElseThrow(() -> new CallFailure(POLICY_VIOLATION,
                "unknown text processor '" + name + "' (known: " + settings.processors().names() + ")"));
        setup = s;
        startedAt = now;
        processorName = name;
        state = State.ACTIVE;
        registry.started(key, true, this);
        journal = settings.journal().open(new CallJournal.Header(CallSummary.Channel.TEXT, s.callSid(), s.sessionId(),
                s.from(), s.to(), now, twilio.remoteAddress(), settings.instanceId()));
        if (!settings.welcomeGreeting().isEmpty()) {
            turns.add(new Turn(Turn.Speaker.ASSISTANT, settings.welcomeGreeting(), Duration.ZERO, now, false));
            journal(turns.size() - 1);
        }
        log.info("text call {} started: session {}, from {} to {}, processor {}, via {}", s.callSid(), s.sessionId(),
                s.from(), s.to(), name, twilio.remoteAddress());
        var call = new TextProcessor.Call(s.callSid(), s.from(), s.to(), s.customParameters());
        return () -> {
            TextProcessor.Conversation opened;
            try {
                opened = processor.open(call, this);
            } catch (RuntimeException e) {
                fail(INTERNAL_ERROR, "text processor " + name + " did not start: " + e.getMessage());
                return;
            }
            lock.lock();
            try {
                if (state == State.ACTIVE) {
                    conversation = opened;
                    return;
                }
            } finally {
                lock.unlock();
            }
            opened.close(); // the call ended while it opened
        };
    }

    /** Journals turn {@code i} as it now stands (its id is its place: turns are only ever appended). */
    private void journal(int i) {
        Turn t = turns.get(i);
        String id = "t" + i;
        journal.accept(new Transcript.Change.Placed(id, i == 0 ? Optional.empty() : Optional.of("t" + (i - 1)), t.speaker()));
        journal.accept(new Transcript.Change.Started(id, t.speaker(), t.offset()));
        journal.accept(new Transcript.Change.Text(id, t.speaker(), t.text()));
        if (t.interrupted()) {
            journal.accept(new Transcript.Change.Interrupted(id, 1));
        }
    }

    /** Cuts the latest assistant turn to what was heard; false when there is none to cut. */
    private boolean cutLastReply(String heard) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.speaker() == Turn.Speaker.ASSISTANT) {
                if (t.interrupted()) {
                    return false;
                }
                turns.set(i, new Turn(t.speaker(), heard.strip(), t.offset(), t.at(), true));
                journal(i);
                if (i == replyIndex) {
                    replyIndex = -1;
                    discarding = true;
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public void onTwilioClosed(int status, String reason) {
        finish(NORMAL, CloseCode.closed("twilio", status, reason), false);
    }

    // ---- from the processor -----------------------------------------------------------------------------------

    @Override
    public void token(String token, boolean last) {
        lock.lock();
        try {
            if (state != State.ACTIVE) {
                count("lateTokens");
                return;
            }
            if (discarding) {
                count("tokensDroppedAfterInterrupt");
                return;
            }
            Instant now = clock.instant();
            if (replyIndex < 0) {
                turns.add(new Turn(Turn.Speaker.ASSISTANT, "", offset(now), now, false));
                replyIndex = turns.size() - 1;
            }
            Turn t = turns.get(replyIndex);
            turns.set(replyIndex, new Turn(t.speaker(), t.text() + token, t.offset(), t.at(), false));
            twilio.send(new RelayCommand.Text(token, last));
            count("tokens");
            if (last) {
                journal(replyIndex);
                replyIndex = -1;
                count("replies");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void failed(String reason) {
        fail(INTERNAL_ERROR, reason);
    }

    // ---- ending -----------------------------------------------------------------------------------------------

    @Override
    public void end(int status, String reason) {
        log.info("text call {} ended by the bridge: {}", callId(), reason);
        finish(status, reason, false);
    }

    /** Ends this call because of bad input or a broken leg: one log line, a close reason, the transcript mailed. */
    @Override
    public void fail(int status, String reason) {
        log.warn("text call {} failed: {}", callId(), reason);
        finish(status, "failed: " + reason, true);
    }

    private void finish(int status, String reason, boolean failure) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        CallSummary summary = null;
        TextProcessor.Conversation processing;
        lock.lock();
        try {
            boolean started = state != State.AWAITING_SETUP;
            state = State.ENDED;
            processing = conversation;
            if (started) {
                counters.put("droppedToTwilio", twilio.dropped());
                summary = new CallSummary(CallSummary.Channel.TEXT, setup.callSid(), setup.sessionId(), setup.from(),
                        setup.to(), startedAt, clock.instant(), reason + " (processor " + processorName + ")",
                        List.copyOf(turns), counters, "");
            }
        } finally {
            lock.unlock();
        }
        if (processing != null) {
            processing.close();
        }
        twilio.close(status, reason.length() > 120 ? reason.substring(0, 120) : reason);
        if (summary == null) {
            log.info("socket {} closed before a text call started ({})", key, reason);
            return;
        }
        registry.ended(key, failure, summary.counters());
        log.info("text call {} ended ({}): {} turns, {}", summary.callId(), reason, summary.turns().size(), summary.counters());
        CallSummary ended = summary;
        var origin = new Origin("conversation-relay", ended.callId(), ended.from(), ended.to(), twilio.remoteAddress(),
                settings.instanceId());
        journal.finish(() -> sink.accept(ended, origin)); // on the journal's disk thread; then the journal goes
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Duration offset(Instant now) {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, now);
    }

    private String callId() {
        lock.lock();
        try {
            return setup == null ? "(socket " + key + ")" : setup.callSid();
        } finally {
            lock.unlock();
        }
    }

    private static String type(RelayMessage m) {
        return switch (m) {
            case RelayMessage.Setup s -> "setup";
            case RelayMessage.Prompt p -> "prompt";
            case RelayMessage.Interrupt i -> "interrupt";
            case RelayMessage.Dtmf d -> "dtmf";
            case RelayMessage.Info i -> "info";
            case RelayMessage.Error e -> "error";
            case RelayMessage.Unrecognized u -> u.type();
        };
    }

    private void count(String counter) {
        counters.merge(counter, 1L, Long::sum);
    }
}
