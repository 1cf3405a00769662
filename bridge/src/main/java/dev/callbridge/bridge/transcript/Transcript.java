package dev.callbridge.bridge.transcript;

import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The spoken-turn transcript of one call, ordered by the conversation's item order ({@code previous_item_id}),
 * not by when events arrived: a caller's transcription often arrives after the assistant's reply to it.
 * Items are placed when the server announces them; text arrives later and may arrive for items not yet placed
 * (those go to the end until placed). An item is found through the map, and its predecessor from the end of the
 * order, where a new item's usually is, so an hour-long call's thousand turns cost no more per turn than its first.
 * Not thread-safe: the call session guards it.
 */
public final class Transcript {
    private static final String NO_TRANSCRIPTION = "[no transcription]";

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

        Entry(Turn.Speaker speaker) {
            this.speaker = speaker;
        }
    }

    /** A change to the transcript, as the call's journal records it and a recovery replays it. */
    public sealed interface Change {
        record Placed(String itemId, Optional<String> previousItemId, Turn.Speaker speaker) implements Change {}

        record Started(String itemId, Turn.Speaker speaker, Duration offset) implements Change {}

        record Text(String itemId, Turn.Speaker speaker, String text) implements Change {}

        record Interrupted(String itemId, double heardFraction) implements Change {}

        record Discarded(String itemId) implements Change {}
    }

    private final Consumer<Change> journal;

    /** A transcript that tells {@code journal} of every change (partial words excepted) as it happens. */
    public Transcript(Consumer<Change> journal) {
        this.journal = journal;
    }

    public Transcript() {
        this(change -> { });
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
    }

    /** Applies a change (one recorded by a journal, when a call is recovered). */
    public void apply(Change change) {
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

    /** What was said so far, in order, as a model replacing this call's session must be told it. */
    public record Spoken(String itemId, Turn.Speaker speaker, String text) {}

    public List<Spoken> spoken() {
        List<Spoken> spoken = new ArrayList<>();
        for (String id : order) {
            Entry e = entries.get(id);
            String text = heard(e);
            if (e.hasText && !text.isEmpty()) {
                spoken.add(new Spoken(id, e.speaker, text));
            }
        }
        return spoken;
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
     * text are left out, except a caller's item, which says that its transcription never came.
     */
    public List<Turn> turns(Instant callStart) {
        List<Turn> turns = new ArrayList<>();
        for (String id : order) {
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
}
