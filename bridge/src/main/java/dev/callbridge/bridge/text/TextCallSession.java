package dev.callbridge.bridge.text;

import static dev.callbridge.bridge.call.CloseCode.INTERNAL_ERROR;
import static dev.callbridge.bridge.call.CloseCode.NORMAL;
import static dev.callbridge.bridge.call.CloseCode.POLICY_VIOLATION;

import dev.callbridge.bridge.call.CallAuthenticator;
import dev.callbridge.bridge.call.CallEnvelope;
import dev.callbridge.bridge.call.CallFailure;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.TwilioCall;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One text call over Twilio ConversationRelay: {@code setup} picks and opens a {@link TextProcessor}, each final
 * {@code prompt} is a caller turn handed to it, its tokens go back as {@code text} messages and form the assistant
 * turn, and {@code interrupt} cuts the last assistant turn to what the caller heard. The turns go into a journaled
 * {@link Transcript}, so an hour-long call holds only its newest turns in memory. A per-call lock guards the
 * state; the processor is called only outside it (its replies take the lock from any thread). Every way the call
 * ends funnels into {@link #finish}, which runs once: the processor closes, the socket closes, the transcript is
 * mailed.
 */
public final class TextCallSession implements TwilioCall<RelayMessage>, TextProcessor.Replies, CallRegistry.ActiveCall {
    private static final Logger log = LoggerFactory.getLogger(TextCallSession.class);

    /**
     * What every text call is configured with.
     *
     * @param callTokens checks the per-call token in {@code setup}; empty when signatures are not validated
     * @param welcomeGreeting what Twilio says first (the TwiML's {@code welcomeGreeting}): the first assistant turn
     * @param journal where each call's transcript changes are journaled as they happen (a reply's words when its
     *     last token goes, or when it is cut)
     * @param keptTurns the newest turns a call keeps in memory; older ones are read back from the journal at the end
     */
    public record Settings(TextProcessors processors, Optional<CallAuthenticator> callTokens, String instanceId,
                           String welcomeGreeting, CallJournal journal, int keptTurns) {
        public Settings {
            Objects.requireNonNull(journal);
            Objects.requireNonNull(processors);
            Objects.requireNonNull(callTokens);
            Objects.requireNonNull(instanceId);
            Objects.requireNonNull(welcomeGreeting);
        }
    }

    private enum State { AWAITING_SETUP, ACTIVE, ENDED }

    private final Settings settings;
    private final RelayPort twilio;
    private final Clock clock;
    private final CallEnvelope envelope;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private State state = State.AWAITING_SETUP;
    private RelayMessage.Setup setup;
    private String processorName = "";
    private TextProcessor.Conversation conversation;
    private Transcript transcript;
    /** Turns so far: the next turn's id is {@code "t" + turnCount}, in conversation order. */
    private int turnCount;
    /** The latest assistant turn while an interrupt may still cut it; null when none or already cut. */
    private String lastReplyId;
    /** The assistant turn being streamed (null when none), and its words so far. */
    private String streamingId;
    private final StringBuilder streamed = new StringBuilder();
    /** After an interrupt, tokens of the cut reply are dropped until the caller's next message. */
    private boolean discarding;

    public TextCallSession(String key, Settings settings, RelayPort twilio, SummarySink sink, Clock clock,
                           CallRegistry registry) {
        this.settings = settings;
        this.twilio = twilio;
        this.clock = clock;
        this.envelope = new CallEnvelope(key, "conversation-relay", settings.instanceId(), settings.journal(), registry,
                sink, clock);
    }

    // ---- from Twilio ------------------------------------------------------------------------------------------

    /** A ConversationRelay message. Out-of-order input ends this call only, with a reason. */
    @Override
    public void onTwilio(RelayMessage message) {
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
                settleReply(false); // a reply still streaming keeps what came of it
                discarding = false;
                transcript.text(newTurn(Turn.Speaker.CALLER, now), Turn.Speaker.CALLER, p.voicePrompt());
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
            case RelayMessage.Unrecognized u -> envelope.unrecognized("Twilio", u.type());
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
        processorName = name;
        state = State.ACTIVE;
        var journal = envelope.begin(new CallEnvelope.Identity(CallSummary.Channel.TEXT, s.callSid(), s.sessionId(),
                s.from(), s.to(), "", now, twilio.remoteAddress()), this);
        transcript = new Transcript(journal, settings.keptTurns());
        if (!settings.welcomeGreeting().isEmpty()) {
            lastReplyId = newTurn(Turn.Speaker.ASSISTANT, now);
            transcript.text(lastReplyId, Turn.Speaker.ASSISTANT, settings.welcomeGreeting());
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

    /** Adds a turn after the latest one, starting {@code now}; returns its id. */
    private String newTurn(Turn.Speaker speaker, Instant now) {
        String id = "t" + turnCount;
        transcript.place(id, turnCount == 0 ? Optional.empty() : Optional.of("t" + (turnCount - 1)), speaker);
        transcript.started(id, speaker, offset(now));
        turnCount++;
        return id;
    }

    /**
     * The reply being streamed stops here: it keeps the words that came, marked as cut off when {@code cut} (the call
     * ended under it). Nothing when no reply is streaming.
     */
    private void settleReply(boolean cut) {
        if (streamingId == null) {
            return;
        }
        transcript.text(streamingId, Turn.Speaker.ASSISTANT, streamed.toString());
        if (cut) {
            transcript.interrupted(streamingId, 1);
        }
        streamingId = null;
        streamed.setLength(0);
    }

    /** Cuts the latest assistant turn to what was heard; false when there is none to cut (or it was cut already). */
    private boolean cutLastReply(String heard) {
        if (lastReplyId == null) {
            return false;
        }
        transcript.text(lastReplyId, Turn.Speaker.ASSISTANT, heard);
        transcript.interrupted(lastReplyId, 1);
        if (lastReplyId.equals(streamingId)) {
            streamingId = null;
            streamed.setLength(0);
            discarding = true;
        }
        lastReplyId = null;
        return true;
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
            if (streamingId == null) {
                streamingId = newTurn(Turn.Speaker.ASSISTANT, clock.instant());
                lastReplyId = streamingId;
            }
            streamed.append(token);
            twilio.send(new RelayCommand.Text(token, last));
            count("tokens");
            if (last) {
                settleReply(false);
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
        if (!envelope.claimEnd()) {
            return;
        }
        CallEnvelope.Ended ended = null;
        TextProcessor.Conversation processing;
        lock.lock();
        try {
            state = State.ENDED;
            processing = conversation;
            if (envelope.started()) {
                settleReply(true);
                envelope.put("droppedToTwilio", twilio.dropped());
                ended = envelope.end(reason + " (processor " + processorName + ")", transcript);
            }
        } finally {
            lock.unlock();
        }
        if (processing != null) {
            processing.close();
        }
        twilio.close(status, CallEnvelope.closeReason(reason));
        if (ended == null) {
            log.info("{} closed before a text call started ({})", callId(), reason);
            return;
        }
        envelope.mail(ended, failure, () -> "");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Duration offset(Instant now) {
        return envelope.started() ? Duration.between(envelope.startedAt(), now) : Duration.ZERO;
    }

    private String callId() {
        lock.lock();
        try {
            return envelope.callId();
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
        envelope.count(counter);
    }
}
