package dev.callbridge.bridge.call;

import dev.callbridge.bridge.recording.CallRecorder;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.twilio.TwilioCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's conversation as the caller hears it: whose turn it is, the replies' audio to Twilio with a mark after each
 * chunk ({@link Playback}), barge-in (Twilio cleared, the model told what was heard), and the transcript of what was
 * said and heard. It is the {@link VoiceEvents} the voice API reports to; every method runs under the call's lock.
 */
final class Turns implements VoiceEvents {
    private static final Logger log = LoggerFactory.getLogger(Turns.class);
    /** Caller audio judged before a session switch: 300 ms, the VAD's prefix padding. */
    private static final int RECENT_FRAMES = 15;
    /** Louder than this is someone speaking (line noise is far below; speech peaks near -3 dBFS). */
    private static final double AUDIBLE_DBFS = -50;
    /** After a committed caller turn, a reply is expected this soon; until then it is no moment to switch. */
    private static final long REPLY_EXPECTED_WITHIN_MS = 5_000;

    private final String streamSid;
    private final TwilioPort twilio;
    private final Transcript transcript;
    private final CallEnvelope envelope;
    private final Playback playback;
    private final CallRecorder recorder;
    private final Consumer<Runnable> whileActive;
    private final Consumer<String> gaveUp;
    /** The caller's last frames, each judged audible or not at most once (only when a switch is considered). */
    private final RecentCallerAudio recentCallerAudio = new RecentCallerAudio(RECENT_FRAMES, AUDIBLE_DBFS);
    private VoiceSession voice;
    private long mediaMs;
    private long lastActivityMs;
    /** An idle prompt is due: the next reply prompts a silent caller and does not count as activity. */
    private boolean idleTimedOut;
    private String idlePromptItem;
    private String speechItem;
    private String replyItem;
    private boolean responding;
    private long awaitingReplySinceMs = -1;
    private long framesOut;

    /**
     * @param recorder the call's recording, or null
     * @param whileActive runs an action under the call's lock while the call is in progress
     * @param gaveUp told why, when the voice API gives up on the call
     */
    Turns(String streamSid, TwilioPort twilio, Transcript transcript, CallEnvelope envelope, Playback playback,
          CallRecorder recorder, Consumer<Runnable> whileActive, Consumer<String> gaveUp) {
        this.streamSid = streamSid;
        this.twilio = twilio;
        this.transcript = transcript;
        this.envelope = envelope;
        this.playback = playback;
        this.recorder = recorder;
        this.whileActive = whileActive;
        this.gaveUp = gaveUp;
    }

    void attach(VoiceSession session) {
        this.voice = session;
    }

    /** A caller frame at {@code timestampMs}: the media timeline moves on. */
    void callerFrame(long timestampMs, String mulaw) {
        mediaMs = timestampMs;
        recentCallerAudio.add(mulaw);
    }

    /** How long neither side has spoken, on the media timeline (an idle prompt does not count). */
    long silentForMs() {
        return mediaMs - lastActivityMs;
    }

    long framesOut() {
        return framesOut;
    }

    /**
     * A moment to switch sessions in: no one speaking (by the session's VAD, and by the caller's last 300 ms of
     * audio), nothing playing, no reply being generated or about to be.
     */
    boolean quiet() {
        if (speechItem != null || responding || playback.playing().isPresent()) {
            return false;
        }
        if (awaitingReplySinceMs >= 0 && mediaMs - awaitingReplySinceMs < REPLY_EXPECTED_WITHIN_MS) {
            return false; // the caller's turn is committed and its reply about to start: switching now would lose it
        }
        return !recentCallerAudio.anyAudible();
    }

    /** Twilio echoed a mark: the caller has heard that far. */
    void onMark(String name) {
        envelope.count(playback.onMark(name) ? "marks" : "staleMarks");
    }

    /** A key press: the model hears of it, with a reply asked for unless one is being made or the caller speaks. */
    void keypad(String digit) {
        lastActivityMs = mediaMs;
        voice.keypad(digit, !responding && speechItem == null);
    }

    /** Whatever plays stops at once (the apology follows). */
    void silence() {
        playback.playing().ifPresent(itemId -> {
            playback.cut(itemId);
            twilio.send(new TwilioCommand.Clear(streamSid));
        });
    }

    /**
     * The call ends while a reply is still playing or being generated: the caller heard only part of it, so the turn
     * keeps that part (the words generated so far if its text never came), marked as cut off, as a lost session's
     * reply is. A reply none of whose audio reached Twilio was not heard at all and is left out.
     */
    void callEnded() {
        playback.playing().ifPresent(playback::cut);
        if (replyItem != null && playback.sentMs(replyItem) == 0) {
            transcript.discard(replyItem);
        } else if (replyItem != null) {
            transcript.cutShort(replyItem, true);
        }
        replyItem = null;
        applyCuts();
    }

    // ---- VoiceEvents ------------------------------------------------------------------------------------------

    @Override
    public void whileActive(Runnable action) {
        whileActive.accept(action);
    }

    @Override
    public void callerSpeechStarted(String itemId, long atMs) {
        speechItem = itemId;
        idleTimedOut = false;
        idlePromptItem = null;
        lastActivityMs = mediaMs;
        transcript.started(itemId, Turn.Speaker.CALLER, Duration.ofMillis(atMs));
        bargeIn();
    }

    @Override
    public void callerCommitted(String itemId, Optional<String> previous) {
        speechItem = null;
        awaitingReplySinceMs = mediaMs;
        transcript.place(itemId, previous, Turn.Speaker.CALLER);
    }

    @Override
    public void callerTurn(String itemId, Optional<String> previous) {
        transcript.place(itemId, previous, Turn.Speaker.CALLER);
    }

    @Override
    public void callerText(String itemId, String text) {
        transcript.text(itemId, Turn.Speaker.CALLER, text);
    }

    @Override
    public void callerKeypad(String itemId, Optional<String> previous, String digit) {
        transcript.place(itemId, previous, Turn.Speaker.CALLER);
        transcript.started(itemId, Turn.Speaker.CALLER, Duration.ofMillis(mediaMs));
        transcript.text(itemId, Turn.Speaker.CALLER, "[pressed " + digit + "]");
    }

    @Override
    public void callerSilent(long silentMs) {
        idleTimedOut = true;
        awaitingReplySinceMs = mediaMs; // the model answers the silence with a prompt
        envelope.count("idlePrompts");
        log.info("call {}: caller silent for {} ms; the assistant prompts", envelope.callId(), silentMs);
    }

    @Override
    public void replyCreated() {
        responding = true;
        envelope.count("responsesCreated");
    }

    @Override
    public void replyStarted(String itemId, Optional<String> previous) {
        if (idleTimedOut) {
            idlePromptItem = itemId;
            idleTimedOut = false;
        }
        applyCuts(); // the earlier replies are done: their cut shares are final
        playback.forgetAllButCurrent();
        playback.begin(itemId);
        replyItem = itemId;
        transcript.place(itemId, previous, Turn.Speaker.ASSISTANT);
    }

    @Override
    public void replyAudio(String itemId, String mulaw) {
        long ms = AudioStage.mulawMillis(mulaw);
        if (!playback.generated(itemId, ms)) {
            envelope.count("lateDeltasDropped");
            return;
        }
        if (!itemId.equals(idlePromptItem)) {
            lastActivityMs = mediaMs;
        }
        awaitingReplySinceMs = -1;
        // The turn starts when its first audio reaches Twilio (later calls keep the first time).
        transcript.started(itemId, Turn.Speaker.ASSISTANT, Duration.ofMillis(mediaMs));
        if (recorder != null) {
            recorder.assistant(mediaMs, mulaw);
        }
        twilio.send(new TwilioCommand.Media(streamSid, mulaw), new TwilioCommand.Mark(streamSid, playback.sent(itemId, ms)));
        framesOut++;
    }

    @Override
    public void replyText(String itemId, String text, boolean done) {
        if (done) {
            transcript.text(itemId, Turn.Speaker.ASSISTANT, text);
        } else {
            transcript.partial(itemId, Turn.Speaker.ASSISTANT, text);
        }
    }

    @Override
    public void replyDone(long inputTokens, long outputTokens) {
        responding = false;
        awaitingReplySinceMs = -1;
        replyItem = null;
        envelope.count("responses");
        envelope.add("inputTokens", inputTokens);
        envelope.add("outputTokens", outputTokens);
    }

    /**
     * What the lost session was doing will not finish: a reply keeps the words generated (Twilio plays the audio it
     * has), speech not yet committed is replayed into the next session and heard anew.
     */
    @Override
    public void sessionLost(String why, Optional<String> replayedItem, Optional<String> gaveUpBecause) {
        if (replyItem != null) {
            transcript.cutShort(replyItem, playback.sentMs(replyItem) > 0);
            replyItem = null;
        }
        replayedItem.ifPresent(transcript::discard);
        if (speechItem != null) {
            transcript.discard(speechItem);
            speechItem = null;
        }
        responding = false;
        envelope.count("realtimeLost");
        gaveUpBecause.ifPresentOrElse(gaveUp,
                () -> log.warn("call {}: OpenAI session lost ({}), reconnecting", envelope.callId(), why));
    }

    @Override
    public Conversation conversation() {
        applyCuts();
        return new Conversation(transcript.earlier(), transcript.spoken());
    }

    @Override
    public void count(String counter) {
        envelope.count(counter);
    }

    @Override
    public void unrecognized(String api, String type) {
        envelope.unrecognized(api, type);
    }

    /**
     * The caller started talking: stop what Twilio is still playing, drop what is still to come of a reply being
     * generated (the server cancels it), and tell the model what was heard of each.
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
                twilio.send(new TwilioCommand.Clear(streamSid));
                if (recorder != null) {
                    recorder.cleared(mediaMs);
                }
                cleared = true;
            }
            if (!voice.truncate(itemId, heardMs)) {
                envelope.count("truncatesSkipped");
            }
            log.debug("call {}: barge-in, {} cut at {} ms", envelope.callId(), itemId, heardMs);
        }
        envelope.count("bargeIns");
    }

    /** Marks each reply the caller cut off, keeping what was heard (the share is final once its audio stops). */
    private void applyCuts() {
        for (String itemId : playback.cutItems()) {
            transcript.interrupted(itemId, playback.heardFraction(itemId));
        }
    }
}
