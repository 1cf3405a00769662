package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.VoiceEvents;
import dev.callbridge.bridge.call.VoiceSession;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.ServerEvent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's side of OpenAI Realtime: the sessions ({@link RealtimeSessions}), and what their events mean for the
 * call. The current session's events become {@link VoiceEvents} (turns placed on the call's transcript, reply
 * audio converted for Twilio, start times moved onto the media timeline); a replacement being seeded counts only
 * its acknowledgements; a retired session's events are stale. Caller audio goes the other way through the same
 * audio stage. Confined to the call's lock: the sockets' events take it through {@link VoiceEvents#whileActive}.
 */
final class RealtimeCall implements VoiceSession, RealtimeSessions.Host {
    private static final Logger log = LoggerFactory.getLogger(RealtimeCall.class);
    /** Where a replacement session's first item goes when it names none: after everything said before it. */
    private static final String AFTER_EARLIER_SESSIONS = "(after earlier sessions)";
    /** Replies whose session is remembered, for a truncate (only the newest can still be playing). */
    private static final int REPLIES_REMEMBERED = 8;

    private final String callId;
    private final RealtimeVoice api;
    private final VoiceEvents events;
    private final AudioStage audio;
    private final RealtimeSessions sessions;
    /** The silent user items idle timeouts committed: no one spoke, so they never reach the call. */
    private final Set<String> silentItems = new HashSet<>();
    /** Key presses told to the model and not yet acknowledged, by the item id the bridge gave each: the digit. */
    private final Map<String, String> keypadItems = new LinkedHashMap<>();
    private int keypadPresses;
    /** Which session made each recent reply: only that one can truncate it. */
    private final Map<String, Integer> replySessions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REPLIES_REMEMBERED;
        }
    };

    RealtimeCall(String callId, RealtimeVoice api, RandomGenerator random, VoiceEvents events) {
        this.callId = callId;
        this.api = api;
        this.events = events;
        this.audio = api.audio().get();
        this.sessions = new RealtimeSessions(callId, api.dialer(), api.reconnect(), api.ticker(), random, audio,
                api.audio(), this);
    }

    // ---- the call drives ----------------------------------------------------------------------------------------

    @Override
    public void open() {
        sessions.open();
    }

    @Override
    public void append(long timestampMs, String mulaw) {
        sessions.append(timestampMs, mulaw);
    }

    @Override
    public void tick(BooleanSupplier quiet) {
        sessions.tick(quiet);
    }

    @Override
    public boolean truncate(String itemId, long heardMs) {
        Integer generation = replySessions.get(itemId);
        if (generation == null || sessions.role(generation) != RealtimeSessions.Role.CURRENT) {
            return false; // a lost session's item: the current session holds only a text copy
        }
        sessions.send(new ClientEvent.ItemTruncate(itemId, 0, heardMs));
        return true;
    }

    @Override
    public void keypad(String digit, boolean reply) {
        String itemId = "item_key_" + ++keypadPresses;
        keypadItems.put(itemId, digit);
        sessions.send(new ClientEvent.ItemCreate(Optional.empty(), "user",
                "The caller pressed " + digit + " on the phone's keypad.", Optional.of(itemId)));
        if (reply) {
            sessions.send(new ClientEvent.ResponseCreate());
        }
    }

    @Override
    public boolean everEstablished() {
        return sessions.everEstablished();
    }

    @Override
    public String giveUp(String reason) {
        return sessions.giveUp(reason);
    }

    @Override
    public Optional<String> gaveUp() {
        return sessions.gaveUp();
    }

    @Override
    public long dropped() {
        return sessions.dropped();
    }

    @Override
    public void addCounters(Map<String, Long> counters) {
        sessions.addCounters(counters);
    }

    @Override
    public void close() {
        sessions.close();
    }

    // ---- the sessions ask -------------------------------------------------------------------------------------

    @Override
    public Reseed.Seed seed(boolean afterLoss) {
        var update = api.session().withFormats(audio.realtimeFormat(), audio.realtimeFormat());
        VoiceEvents.Conversation so = events.conversation();
        return Reseed.of(update, so.earlier(), so.spoken(), afterLoss);
    }

    @Override
    public RealtimeListener listener(int generation) {
        return new RealtimeListener() {
            @Override
            public void onRealtimeEvent(ServerEvent event) {
                events.whileActive(() -> dispatch(generation, event));
            }

            @Override
            public void onRealtimeUnreadable(String problem) {
                log.warn("call {}: unreadable Realtime event ({}), ignored", callId, problem);
                events.whileActive(() -> events.count("malformedRealtime"));
            }

            @Override
            public void onRealtimeClosed(int status, String reason) {
                events.whileActive(() -> closed(generation, CloseCode.closed("realtime", status, reason)));
            }
        };
    }

    private void dispatch(int generation, ServerEvent event) {
        switch (sessions.role(generation)) {
            case CURRENT -> onEvent(generation, event);
            case PENDING -> onPendingEvent(generation, event);
            case STALE -> events.count("staleRealtimeEvents");
        }
    }

    private void closed(int generation, String why) {
        if (sessions.lost(generation, why)) {
            events.sessionLost(why, sessions.takeReplayedItem(), sessions.gaveUp());
        }
    }

    /** A replacement session getting ready: only its acknowledgements matter until it takes over. */
    private void onPendingEvent(int generation, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionUpdated u -> sessions.established(generation);
            case ServerEvent.ItemAdded a -> sessions.acknowledged(generation, a.itemId());
            case ServerEvent.Error e -> log.warn("call {}: Realtime error in the next session {} {}: {}", callId,
                    e.errorType(), e.code(), e.message());
            default -> events.count("pendingRealtimeEvents");
        }
    }

    private void onEvent(int generation, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionCreated c -> log.debug("call {}: session {}", callId, c.sessionId());
            case ServerEvent.SessionUpdated u -> {
                events.count("sessionUpdated");
                sessions.established(generation);
            }
            case ServerEvent.SpeechStarted s -> {
                sessions.speechStarted();
                long origin = Math.max(0, sessions.originMs(generation));
                events.callerSpeechStarted(s.itemId(), origin + s.audioStartMs());
            }
            case ServerEvent.SpeechStopped s -> events.count("speechStopped");
            case ServerEvent.IdleTimeoutTriggered t -> {
                // The session heard no one for its idle timeout after the last reply: it commits the silence as a
                // user item and answers it, prompting the caller. Nothing the caller said.
                silentItems.add(t.itemId());
                events.callerSilent(t.audioEndMs() - t.audioStartMs());
            }
            case ServerEvent.AudioCommitted c -> {
                sessions.committed(c.itemId());
                if (!silentItems.contains(c.itemId())) {
                    events.callerCommitted(c.itemId(), previous(generation, c.previousItemId()));
                }
            }
            case ServerEvent.ItemAdded a -> onItemAdded(generation, a);
            case ServerEvent.InputTranscriptionCompleted t -> {
                sessions.transcribed(t.itemId());
                if (!silentItems.remove(t.itemId())) {
                    events.callerText(t.itemId(), t.transcript());
                }
            }
            case ServerEvent.InputTranscriptionFailed f -> {
                sessions.transcribed(f.itemId());
                silentItems.remove(f.itemId());
                events.count("transcriptionFailures");
                log.warn("call {}: transcription of {} failed: {}", callId, f.itemId(), f.message());
            }
            case ServerEvent.AudioDelta d -> {
                String mulaw = audio.toTwilio(d.delta());
                if (mulaw.isEmpty()) {
                    events.count("emptyDeltas");
                    return;
                }
                sessions.answered();
                events.replyAudio(d.itemId(), mulaw);
            }
            case ServerEvent.AudioTranscriptDelta t -> events.replyText(t.itemId(), t.delta(), false);
            case ServerEvent.AudioTranscriptDone t -> events.replyText(t.itemId(), t.transcript(), true);
            case ServerEvent.ResponseCreated r -> events.replyCreated();
            case ServerEvent.ResponseDone r -> events.replyDone(r.inputTokens(), r.outputTokens());
            case ServerEvent.Error e -> {
                events.count(e.code().equals("session_expired") ? "sessionsExpired" : "realtimeErrors");
                log.warn("call {}: Realtime error {} {}: {}", callId, e.errorType(), e.code(), e.message());
            }
            case ServerEvent.Unrecognized u -> events.unrecognized("Realtime", u.type());
            case ServerEvent.ItemTruncated t -> events.count("truncated");
            case ServerEvent.AudioDone d -> { }
            case ServerEvent.TextDelta t -> { }
            case ServerEvent.TextDone t -> { }
            case ServerEvent.Ignored i -> { }
        }
    }

    private void onItemAdded(int generation, ServerEvent.ItemAdded a) {
        if (sessions.acknowledged(generation, a.itemId())) {
            log.debug("call {}: seed copy {} acknowledged", callId, a.itemId());
            return; // a copy of an earlier turn, seeded into this session
        }
        Optional<String> previous = previous(generation, a.previousItemId());
        log.debug("call {}: {} item {} after {}", callId, a.role(), a.itemId(), previous.orElse("-"));
        switch (a.role()) {
            case "user" -> {
                String digit = keypadItems.remove(a.itemId());
                if (digit != null) {
                    events.callerKeypad(a.itemId(), previous, digit);
                } else if (!silentItems.contains(a.itemId())) {
                    events.callerTurn(a.itemId(), previous);
                }
            }
            case "assistant" -> {
                replySessions.put(a.itemId(), generation);
                events.replyStarted(a.itemId(), previous);
            }
            default -> events.count("otherItems");
        }
    }

    /**
     * Where a session's new item goes: after {@code previous}; in a replacement session, an item with no previous
     * (nothing was seeded) goes after everything said in earlier sessions, not at the start. (One after a seed copy
     * names an id the transcript does not know, which places it at the end too.)
     */
    private Optional<String> previous(int generation, Optional<String> previous) {
        return previous.isEmpty() && sessions.replacement(generation) ? Optional.of(AFTER_EARLIER_SESSIONS) : previous;
    }
}
