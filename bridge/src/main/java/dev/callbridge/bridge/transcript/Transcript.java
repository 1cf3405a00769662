package dev.callbridge.bridge.transcript;

import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The spoken-turn transcript of one call, ordered by the conversation's item order ({@code previous_item_id}),
 * not by when events arrived: a caller's transcription often arrives after the assistant's reply to it.
 * Items are placed when the server announces them; text arrives later and may arrive for items not yet placed
 * (those go to the end until placed). An item is found through the map, and its predecessor from the end of the
 * order, where a new item's usually is, so an hour-long call's thousand turns cost no more per turn than its first.
 *
 * <p>Memory stays flat however long the call: once {@link #KEPT_TURNS} newer turns (by default) follow a turn and its
 * journal has every change to it on disk ({@link Journal#durable}), the transcript forgets it, keeping only the tail
 * of the forgotten words a replacement session is told ({@link #spoken}, {@link #earlier}). At the end, {@link Ending#turns}
 * reads the forgotten turns back from the journal. Without a journal (or while it lags or after it failed) nothing
 * journaled is forgotten. Not thread-safe: the call session guards it.
 */
public final class Transcript {
    private static final String NO_TRANSCRIPTION = "[no transcription]";
    /** The newest turns a transcript keeps in memory by default; older ones may go once they are on disk. */
    public static final int KEPT_TURNS = 32;
    /**
     * Of the forgotten turns, what a reseed may need (it tells a new session the last 24 turns verbatim and 6,000
     * characters before them): the latest this many as turns, and the lines of those before, at least this many
     * characters of them.
     */
    public static final int FORGOTTEN_TURNS_KEPT = 24;
    public static final int FORGOTTEN_LINES_KEPT = 6_000;

    /** Item ids in conversation order; the same ids as {@link #entries}' keys. */
    private final List<String> order = new ArrayList<>();
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        Turn.Speaker speaker;
        String text = "";
        boolean hasText;
        Duration offset = Duration.ZERO;
        boolean timed;
        boolean interrupted;
        double heardFraction = 1;
        /** Words as they are generated, until the final text comes (then dropped: a call's turns add up). */
        StringBuilder partial;
        /** Number of the last journaled change to this item (0: none). */
        long lastChange;

        Entry(Turn.Speaker speaker) {
            this.speaker = speaker;
        }
    }

    /** A change to the transcript, as the call's journal records it and a recovery replays it. */
    public sealed interface Change {
        /** The item the change is to. */
        String itemId();

        record Placed(String itemId, Optional<String> previousItemId, Turn.Speaker speaker) implements Change {}

        record Started(String itemId, Turn.Speaker speaker, Duration offset) implements Change {}

        record Text(String itemId, Turn.Speaker speaker, String text) implements Change {}

        record Interrupted(String itemId, double heardFraction) implements Change {}

        record Discarded(String itemId) implements Change {}
    }

    /**
     * Where a transcript's changes go as they happen. Thread: {@code accept} is called on the call's thread; {@code
     * durable} may be answered from another.
     */
    public interface Journal extends Consumer<Change> {
        /**
         * How many of the changes accepted so far are safely in the journal's file (they are its first ones): a turn
         * all of whose changes are may be forgotten. 0 when there is no file.
         */
        long durable();
    }

    private static final Journal NONE = new Journal() {
        @Override
        public void accept(Change change) {}

        @Override
        public long durable() {
            return 0;
        }
    };

    private final Journal journal;
    private final int keptTurns;
    /** Changes given to the journal so far. */
    private long journaled;
    private final ForgottenTurns forgotten = new ForgottenTurns();

    /**
     * A transcript that tells {@code journal} of every change (partial words excepted) as it happens, and forgets
     * turns older than the newest {@code keptTurns} once the journal holds them.
     */
    public Transcript(Journal journal, int keptTurns) {
        if (keptTurns < 1) {
            throw new IllegalArgumentException("a transcript keeps at least its newest turn in memory, not " + keptTurns);
        }
        this.journal = journal;
        this.keptTurns = keptTurns;
    }

    public Transcript(Journal journal) {
        this(journal, KEPT_TURNS);
    }

    /** A transcript that keeps every turn in memory (for a recovery's replay, tests, and calls without a journal). */
    public Transcript() {
        this(NONE);
    }

    /**
     * Places item {@code itemId} right after {@code previousItemId} (at the start when empty, at the end when the
     * previous item is unknown). An item is placed once; later announcements do not move it.
     */
    public void place(String itemId, Optional<String> previousItemId, Turn.Speaker speaker) {
        if (!entries.containsKey(itemId)) {
            record(new Change.Placed(itemId, previousItemId, speaker));
        }
    }

    /** Records the turn's start on the media timeline (the first start reported wins). */
    public void started(String itemId, Turn.Speaker speaker, Duration offset) {
        Entry e = entries.get(itemId);
        if (e == null || !e.timed) {
            record(new Change.Started(itemId, speaker, offset));
        }
    }

    /** Sets what was said in the item. */
    public void text(String itemId, Turn.Speaker speaker, String text) {
        record(new Change.Text(itemId, speaker, text));
    }

    /**
     * The caller cut this assistant item off after {@code heardFraction} (0..1) of its audio: the turn keeps that
     * share of its words (applied when rendered, since the text may arrive after the cut) and is marked.
     */
    public void interrupted(String itemId, double heardFraction) {
        Entry e = entries.get(itemId);
        double fraction = Math.max(0, Math.min(1, heardFraction));
        if (e == null || !e.interrupted || e.heardFraction != fraction) {
            record(new Change.Interrupted(itemId, fraction));
        }
    }

    private void record(Change change) {
        apply(change);
        journal.accept(change);
        journaled++;
        Entry e = entries.get(change.itemId());
        if (e != null) {
            e.lastChange = journaled;
        }
        forgetSettled();
    }

    /**
     * Forgets the oldest turns while more than {@code keptTurns} follow them and their changes are all on disk. A
     * turn whose words have not come (a caller's transcription is often late) waits for them until twice that many
     * follow it: a transcription that never came, or a reply of partial words only, must not hold the rest in memory
     * (neither is mailed as words, and the reply in progress is among the newest). What a reseed needs of the
     * forgotten turns stays in {@link #forgotten}.
     */
    private void forgetSettled() {
        if (order.size() <= keptTurns) {
            return;
        }
        long durable = journal.durable();
        while (order.size() > keptTurns) {
            Entry e = entries.get(order.getFirst());
            if (e.lastChange > durable || (!e.hasText && order.size() <= 2 * keptTurns)) {
                return;
            }
            String id = order.removeFirst();
            entries.remove(id);
            String text = heard(e);
            forgotten.add(id, e.hasText && !text.isEmpty() ? Optional.of(new Spoken(id, e.speaker, text)) : Optional.empty(),
                    e.lastChange > 0);
        }
    }

    /** Turns held in memory now (for tests and diagnostics). */
    public int kept() {
        return order.size();
    }

    /** Journaled turns forgotten so far: the journal alone has them. */
    public int forgotten() {
        return forgotten.journaled();
    }

    /** Adds the call's transcript counter: {@code turnsReadFromJournal}, when the mail will read any back. */
    public void addCounters(Map<String, Long> counters) {
        if (forgotten() > 0) {
            counters.put("turnsReadFromJournal", (long) forgotten());
        }
    }

    /** Applies a change (one recorded by a journal, when a call is recovered). */
    public void apply(Change change) {
        if (forgotten.contains(change.itemId())) {
            return; // a late change to a forgotten turn: it is in the journal, which the ending reads
        }
        switch (change) {
            case Change.Placed p -> {
                if (entries.containsKey(p.itemId())) {
                    return;
                }
                entries.put(p.itemId(), new Entry(p.speaker()));
                insert(p.itemId(), p.previousItemId());
            }
            case Change.Started st -> {
                Entry e = entry(st.itemId(), st.speaker());
                if (!e.timed) {
                    e.offset = st.offset();
                    e.timed = true;
                }
            }
            case Change.Text t -> {
                Entry e = entry(t.itemId(), t.speaker());
                e.text = t.text().strip();
                e.hasText = true;
                e.partial = null;
            }
            case Change.Interrupted i -> {
                Entry e = entry(i.itemId(), Turn.Speaker.ASSISTANT);
                e.interrupted = true;
                e.heardFraction = i.heardFraction();
            }
            case Change.Discarded d -> {
                if (entries.remove(d.itemId()) != null) {
                    order.remove(order.lastIndexOf(d.itemId()));
                }
            }
        }
    }

    private void insert(String itemId, Optional<String> previousItemId) {
        if (previousItemId.isEmpty()) {
            order.addFirst(itemId);
            return;
        }
        int previous = order.lastIndexOf(previousItemId.get()); // ids are unique: the last is the only one
        order.add(previous < 0 ? order.size() : previous + 1, itemId);
    }

    /** Words of an item's text as it is generated, kept in case the final text never comes. */
    public void partial(String itemId, Turn.Speaker speaker, String delta) {
        if (forgotten.contains(itemId)) {
            return;
        }
        Entry e = entry(itemId, speaker);
        if (!e.hasText) {
            if (e.partial == null) {
                e.partial = new StringBuilder();
            }
            e.partial.append(delta);
        }
    }

    /**
     * The item's session was lost while it was being generated: unless its final text came, the turn keeps the
     * words generated so far and is marked as cut off ("…" if audio was {@code heard} before any word); an item
     * neither worded nor heard is forgotten.
     */
    public void cutShort(String itemId, boolean heard) {
        Entry e = entries.get(itemId);
        if (e != null && !e.hasText && (e.partial == null || e.partial.isEmpty()) && !heard) {
            discard(itemId);
        } else if (e != null && !e.hasText) {
            record(new Change.Text(itemId, e.speaker, e.partial == null ? "" : e.partial.toString()));
            record(new Change.Interrupted(itemId, 1));
        }
    }

    /** Forgets an item that will never complete (a caller's speech whose session was lost before it committed). */
    public void discard(String itemId) {
        if (entries.containsKey(itemId)) {
            record(new Change.Discarded(itemId));
        }
    }

    /** A turn as a model replacing this call's session must be told it. */
    public record Spoken(String itemId, Turn.Speaker speaker, String text) {
        /** The turn as one line of a conversation told as text: {@code Caller: …} or {@code Assistant: …}. */
        public String line() {
            return (speaker == Turn.Speaker.CALLER ? "Caller: " : "Assistant: ") + text;
        }
    }

    /**
     * What was said so far, in order: the turns in memory, after the latest {@link #FORGOTTEN_TURNS_KEPT} forgotten
     * ones; {@link #earlier} has the lines of those before.
     */
    public List<Spoken> spoken() {
        List<Spoken> spoken = forgotten.latest();
        for (String id : order) {
            Entry e = entries.get(id);
            String text = heard(e);
            if (e.hasText && !text.isEmpty()) {
                spoken.add(new Spoken(id, e.speaker, text));
            }
        }
        return spoken;
    }

    /**
     * The {@link Spoken#line}s, one per line, of the forgotten turns before those {@link #spoken} gives: the latest
     * {@link #FORGOTTEN_LINES_KEPT} characters or more of them, possibly starting mid-line; empty until that many
     * turns are forgotten.
     */
    public String earlier() {
        return forgotten.earlier();
    }

    /** The item's words as the caller heard them: all, or the heard share of a reply cut off. */
    private static String heard(Entry e) {
        return e.interrupted ? TextCut.keepFraction(e.text, e.heardFraction) : e.text;
    }

    private Entry entry(String itemId, Turn.Speaker speaker) {
        Entry e = entries.get(itemId);
        if (e == null) {
            e = new Entry(speaker);
            entries.put(itemId, e);
            order.addLast(itemId);
        }
        return e;
    }

    /**
     * The turns in conversation order, stamped with wall-clock time {@code callStart + offset}. Items with no
     * text are left out, except a caller's item, which says that its transcription never came. Of these only the
     * ones still in memory: {@link #end} gives all.
     */
    public List<Turn> turns(Instant callStart) {
        return turns(callStart, Set.of());
    }

    private List<Turn> turns(Instant callStart, Set<String> except) {
        List<Turn> turns = new ArrayList<>();
        for (String id : order) {
            if (except.contains(id)) {
                continue;
            }
            Entry e = entries.get(id);
            String text = heard(e);
            if (e.interrupted && text.isEmpty() && e.hasText) {
                text = "…";
            }
            if (e.hasText && !text.isEmpty()) {
                turns.add(new Turn(e.speaker, text, e.offset, callStart.plus(e.offset), e.interrupted));
            } else if (e.speaker == Turn.Speaker.CALLER && e.timed) {
                turns.add(new Turn(e.speaker, NO_TRANSCRIPTION, e.offset, callStart.plus(e.offset), false));
            }
        }
        return turns;
    }

    /**
     * The transcript as its call ends, to be completed off the call's thread: taken on the call's thread once no
     * more changes come.
     */
    public Ending end(Instant callStart) {
        return new Ending(callStart, turns(callStart), Set.copyOf(order), forgotten.journaled(), journaled);
    }

    /**
     * A call's last state: the turns in memory, and what completing them with the forgotten ones takes.
     *
     * @param keptIds the items of {@code kept}'s turns (and of memory's items without a turn)
     * @param forgotten turns only the journal has
     * @param journaled changes given to the journal in all
     */
    public record Ending(Instant callStart, List<Turn> kept, Set<String> keptIds, int forgotten, long journaled) {
        public Ending {
            kept = List.copyOf(kept);
            keptIds = Set.copyOf(keptIds);
        }

        /**
         * Every turn of the call. When turns were forgotten, {@code journal} gives the journal's changes back (read
         * from its file): if they are all there, the transcript is rebuilt from them alone, exactly as memory would
         * have held it; if the file stopped short (it failed mid-call), its turns not in memory come first (they are
         * the oldest), then memory's.
         */
        public List<Turn> turns(Supplier<List<Change>> journal) {
            if (forgotten == 0) {
                return kept;
            }
            List<Change> changes = journal.get();
            Transcript whole = new Transcript();
            changes.forEach(whole::apply);
            if (changes.size() == journaled) {
                return whole.turns(callStart);
            }
            List<Turn> turns = whole.turns(callStart, keptIds);
            turns.addAll(kept);
            return turns;
        }
    }
}
