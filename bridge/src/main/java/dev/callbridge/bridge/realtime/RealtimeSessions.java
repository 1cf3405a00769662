package dev.callbridge.bridge.realtime;

import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.realtime.ClientEvent;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The call's OpenAI side across sessions. One session is current and receives the caller's audio. When it is lost
 * (socket dropped, connect refused, session expired), the next is dialled after a backoff and seeded with the
 * instructions and the conversation so far; then the caller audio kept since the last committed utterance (which
 * includes what arrived during the gap) is replayed into it, so words spoken across the drop are heard whole.
 * Before the service's maximum session length, at a quiet moment, a replacement is dialled beside the current one
 * and takes over once it has acknowledged its seed (PROTOCOLS.md §4.7). Events of any other session are stale.
 * <p>Not thread-safe: confined to the call's lock. Dialling only starts a connection, so nothing here waits.
 */
final class RealtimeSessions {
    /** What the sessions need from their call's side; invoked under the call's lock. */
    interface Host {
        /** The events that open a session: {@code session.update}, then the conversation so far. */
        Reseed.Seed seed(boolean afterLoss);

        /** Receives one session's socket events, tagged with its generation. */
        RealtimeListener listener(int generation);
    }

    enum Role { CURRENT, PENDING, STALE }

    private static final class Session {
        final int generation;
        final RealtimePort port;
        int seedsAwaiting;
        long establishedAtNanos = -1;
        long originMs = -1;

        Session(int generation, RealtimePort port, int seedItems) {
            this.generation = generation;
            this.port = port;
            this.seedsAwaiting = seedItems;
        }

        boolean ready() {
            return establishedAtNanos >= 0 && seedsAwaiting == 0;
        }
    }

    /** While no one speaks, only this much is kept: the VAD's prefix padding and its detection delay (500 ms). */
    static final int QUIET_FRAMES = 25;
    /**
     * Spare chunks of caller audio a call keeps for its queues (2 s, ~23 KB); a longer utterance takes new ones,
     * which the collector copies as a few arrays rather than three objects a frame. With two spares the young
     * pauses at 250 calls were 8.5 ms (median) and the survivors 4.4 MiB, with four 6.8–6.9 ms and 3.1–3.3 MiB.
     */
    private static final int SPARE_CHUNKS = 4;

    private final String callId;
    private final RealtimeDialer dialer;
    private final Reconnect policy;
    private final LongSupplier ticker;
    private final RandomGenerator random;
    private final Host host;
    private final int replayFrames;
    private final AudioStage live;
    private final Supplier<AudioStage> fresh;
    private boolean speaking;
    /** Caller frames for a replay: since the last commit (the last {@link #QUIET_FRAMES} while no one speaks). */
    private CallerFrames replay;
    /** The last committed utterance, kept until its transcription or the reply to it arrives. */
    private CallerFrames awaiting;
    private String awaitingItem;
    private String replayedItem;
    private int generations;
    private Session current;
    private Session pending;
    private boolean everEstablished;
    private int failures;
    private long retryAtNanos = -1;
    private String gaveUp;
    private long reconnects;
    private long rollovers;
    private long callerFramesDropped;
    private long eventsDroppedInGap;
    private long droppedByClosedSessions;

    /**
     * @param live converts the call's audio as it arrives (its filter state runs across frames)
     * @param fresh makes a stage for a replay, which must not disturb {@code live}'s state
     */
    RealtimeSessions(String callId, RealtimeDialer dialer, Reconnect policy, LongSupplier ticker, RandomGenerator random,
                     AudioStage live, Supplier<AudioStage> fresh, Host host) {
        this.live = live;
        this.fresh = fresh;
        this.callId = callId;
        this.dialer = dialer;
        this.policy = policy;
        this.ticker = ticker;
        this.random = random;
        this.host = host;
        this.replayFrames = (int) (policy.replayLimit().toMillis() / 20);
        var pool = new CallerFrames.Pool(SPARE_CHUNKS);
        this.replay = new CallerFrames(pool);
        this.awaiting = new CallerFrames(pool);
    }

    /** Dials the first session. */
    void open() {
        current = dial(false);
    }

    private Session dial(boolean afterLoss) {
        int generation = ++generations;
        RealtimePort port = dialer.dial(callId, host.listener(generation));
        Reseed.Seed seed = host.seed(afterLoss);
        seed.events().forEach(port::send);
        return new Session(generation, port, seed.itemIds().size());
    }

    /**
     * Caller audio (μ-law base64, as Twilio sent it) at {@code timestampMs} on the Twilio media timeline; converted
     * by the live stage and sent to the current session, and kept for a replay: all of it while someone speaks or
     * no session is current (up to the replay limit), else the last {@link #QUIET_FRAMES}.
     */
    void append(long timestampMs, String mulaw) {
        String audio = live.toRealtime(mulaw); // always: the live stage's filter state must see every frame
        if (current != null) {
            send(current, timestampMs, audio);
        }
        replay.addLast(timestampMs, mulaw, current != null);
        int keep = speaking || current == null ? replayFrames : Math.min(replayFrames, QUIET_FRAMES);
        while (replay.size() > keep) {
            if (!replay.removeFirst()) {
                callerFramesDropped++;
            }
        }
    }

    private void send(Session session, long timestampMs, String audio) {
        if (session.originMs < 0) {
            session.originMs = timestampMs;
        }
        session.port.send(new ClientEvent.InputAudioAppend(audio));
    }

    /** The current session heard the caller start speaking: keep what follows for a replay until it commits. */
    void speechStarted() {
        speaking = true;
    }

    /**
     * The current session committed the caller's utterance {@code itemId}: its audio is kept apart until the session
     * has transcribed or answered it, so that a session lost before either can be told it again.
     */
    void committed(String itemId) {
        speaking = false;
        awaiting.clear();
        swapQueues(); // the utterance moves without a copy
        awaitingItem = itemId;
    }

    private void swapQueues() {
        CallerFrames utterance = replay;
        replay = awaiting;
        awaiting = utterance;
    }

    /** The utterance has its transcription (or the session gave up on it): no replay of it will be needed. */
    void transcribed(String itemId) {
        if (itemId.equals(awaitingItem)) {
            awaiting.clear();
            awaitingItem = null;
        }
    }

    /** A reply is being heard: the model has the caller's words, transcribed or not. */
    void answered() {
        awaiting.clear();
        awaitingItem = null;
    }

    /** Any other event goes to the current session; in a gap it is dropped and counted (it names old items). */
    void send(ClientEvent event) {
        if (current == null) {
            eventsDroppedInGap++;
        } else {
            current.port.send(event);
        }
    }

    Role role(int generation) {
        if (current != null && current.generation == generation) {
            return Role.CURRENT;
        }
        return pending != null && pending.generation == generation ? Role.PENDING : Role.STALE;
    }

    /** The session answered {@code session.update}. */
    void established(int generation) {
        Session s = session(generation);
        if (s != null && s.establishedAtNanos < 0) {
            s.establishedAtNanos = ticker.getAsLong();
            if (s == current) {
                failures = 0;
                everEstablished = true;
            }
        }
    }

    /**
     * An item the session announced: true if it is one of the seed items (a copy of a turn the call has), false for
     * a new item of the conversation. A new item never refers to an item the call knows: in a replacement session
     * it follows a seed copy, which places it after everything said before.
     */
    boolean acknowledged(int generation, String itemId) {
        Session s = session(generation);
        if (s == null || s.seedsAwaiting == 0) {
            return false;
        }
        s.seedsAwaiting--;
        return true;
    }

    /** Whether items of this session come after earlier sessions' (it is not the call's first). */
    boolean replacement(int generation) {
        return generation > 1;
    }

    /** Where audio offset 0 of the session lies on the media timeline (its first frame), or -1 before any. */
    long originMs(int generation) {
        Session s = session(generation);
        return s == null ? -1 : s.originMs;
    }

    /** The session's socket closed or never opened. Returns true if it was the current one. */
    boolean lost(int generation, String reason) {
        if (pending != null && pending.generation == generation) {
            pending.port.close();
            pending = null;
            return false;
        }
        if (current == null || current.generation != generation) {
            return false;
        }
        retire(current);
        current = null;
        speaking = false; // the replay holds the utterance in progress; the next session will detect it anew
        if (awaitingItem != null) {
            // Committed but neither transcribed nor answered: the next session hears it again (as a new item),
            // before what was said since.
            awaiting.addAll(replay);
            replay.clear();
            swapQueues();
            replayedItem = awaitingItem;
            awaitingItem = null;
        }
        if (pending != null) {
            pending.port.close();
            pending = null;
        }
        failures++;
        int allowed = everEstablished ? policy.attempts() : policy.startAttempts();
        if (failures >= allowed) {
            gaveUp = reason + " (" + failures + (failures == 1 ? " attempt" : " attempts") + ")";
        } else {
            retryAtNanos = ticker.getAsLong() + policy.backoffNanos(failures, random);
        }
        return true;
    }

    /**
     * Called every media frame. Redials when a backoff has passed; rolls over an old session at a quiet moment
     * ({@code quiet}, asked only when a rollover is due: no one speaking, nothing playing, no reply being
     * generated). The replacement gets no replay: until it takes over, the old session hears everything, and it
     * takes over only while the caller is silent.
     */
    void tick(BooleanSupplier quiet) {
        if (gaveUp != null) {
            return;
        }
        long now = ticker.getAsLong();
        if (current == null) {
            if (retryAtNanos >= 0 && now >= retryAtNanos) {
                retryAtNanos = -1;
                reconnects++;
                current = dial(true);
                replayInto(current);
            }
            return;
        }
        if (pending == null) {
            if (current.establishedAtNanos >= 0 && now - current.establishedAtNanos >= policy.rolloverAfter().toNanos()
                    && quiet.getAsBoolean()) {
                pending = dial(false);
            }
        } else if (pending.ready()) {
            if (quiet.getAsBoolean()) {
                Session old = current;
                current = pending;
                pending = null;
                retire(old);
                rollovers++;
            } else {
                pending.port.close(); // the conversation moved on since the seed; seed again at the next quiet moment
                pending = null;
            }
        }
    }

    private void retire(Session session) {
        session.port.close();
        droppedByClosedSessions += session.port.dropped();
    }

    private void replayInto(Session session) {
        AudioStage stage = fresh.get();
        for (int i = 0; i < replay.size(); i++) {
            send(session, replay.timestampMs(i), stage.toRealtime(replay.mulawBase64(i)));
            replay.markSent(i);
        }
        // An utterance may be in what was replayed: keep it until the new session commits it.
        speaking = replay.size() > QUIET_FRAMES;
    }

    /**
     * After a loss: the committed caller item whose audio will be replayed because the lost session never
     * transcribed or answered it (the call drops it: the next session makes a new item of it). Read once.
     */
    Optional<String> takeReplayedItem() {
        Optional<String> item = Optional.ofNullable(replayedItem);
        replayedItem = null;
        return item;
    }

    /** Stops trying: closes what is open or opening; returns the reason, as {@link #gaveUp} will. */
    String giveUp(String reason) {
        if (current != null) {
            retire(current);
        }
        if (pending != null) {
            pending.port.close();
        }
        current = null;
        pending = null;
        retryAtNanos = -1;
        gaveUp = reason;
        return reason;
    }

    /** Why the call could not keep a session, once it has given up. */
    Optional<String> gaveUp() {
        return Optional.ofNullable(gaveUp);
    }

    /** Whether any session ever answered. */
    boolean everEstablished() {
        return everEstablished;
    }

    /** Events no session took: dropped by a session's full buffer, or in a gap. */
    long dropped() {
        return eventsDroppedInGap + droppedByClosedSessions + (current == null ? 0 : current.port.dropped());
    }

    void close() {
        if (current != null) {
            current.port.close();
        }
        if (pending != null) {
            pending.port.close();
        }
    }

    void addCounters(Map<String, Long> counters) {
        counters.put("realtimeSessions", (long) generations);
        putIfPositive(counters, "realtimeReconnects", reconnects);
        putIfPositive(counters, "realtimeRollovers", rollovers);
        putIfPositive(counters, "callerFramesDroppedInGap", callerFramesDropped);
        putIfPositive(counters, "eventsDroppedInGap", eventsDroppedInGap);
    }

    private static void putIfPositive(Map<String, Long> counters, String name, long n) {
        if (n > 0) {
            counters.put(name, n);
        }
    }

    private Session session(int generation) {
        return switch (role(generation)) {
            case CURRENT -> current;
            case PENDING -> pending;
            case STALE -> null;
        };
    }
}
