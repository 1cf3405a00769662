package dev.callbridge.bridge.transcript;

import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;

/**
 * The spoken-turn transcript of one call, ordered by the conversation's item order ({@code previous_item_id}),
 * not by when events arrived: a caller's transcription often arrives after the assistant's reply to it.
 * Items are placed when the server announces them; text arrives later and may arrive for items not yet placed
 * (those go to the end until placed). Not thread-safe: the call session guards it.
 */
public final class Transcript {
    private static final String NO_TRANSCRIPTION = "[no transcription]";

    private final LinkedList<String> order = new LinkedList<>();
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        Turn.Speaker speaker;
        String text = "";
        boolean hasText;
        Duration offset = Duration.ZERO;
        boolean timed;
        boolean interrupted;
        double heardFraction = 1;
        final StringBuilder partial = new StringBuilder();

        Entry(Turn.Speaker speaker) {
            this.speaker = speaker;
        }
    }

    /**
     * Places item {@code itemId} right after {@code previousItemId} (at the start when empty, at the end when the
     * previous item is unknown). An item is placed once; later announcements do not move it.
     */
    public void place(String itemId, Optional<String> previousItemId, Turn.Speaker speaker) {
        if (order.contains(itemId)) {
            return;
        }
        entries.computeIfAbsent(itemId, id -> new Entry(speaker));
        if (previousItemId.isEmpty()) {
            order.addFirst(itemId);
            return;
        }
        ListIterator<String> it = order.listIterator();
        while (it.hasNext()) {
            if (it.next().equals(previousItemId.get())) {
                it.add(itemId);
                return;
            }
        }
        order.addLast(itemId);
    }

    /** Records the turn's start on the media timeline (the first start reported wins). */
    public void started(String itemId, Turn.Speaker speaker, Duration offset) {
        Entry e = entry(itemId, speaker);
        if (!e.timed) {
            e.offset = offset;
            e.timed = true;
        }
    }

    /** Sets what was said in the item. */
    public void text(String itemId, Turn.Speaker speaker, String text) {
        Entry e = entry(itemId, speaker);
        e.text = text.strip();
        e.hasText = true;
    }

    /**
     * The caller cut this assistant item off after {@code heardFraction} (0..1) of its audio: the turn keeps that
     * share of its words (applied when rendered, since the text may arrive after the cut) and is marked.
     */
    public void interrupted(String itemId, double heardFraction) {
        Entry e = entry(itemId, Turn.Speaker.ASSISTANT);
        e.interrupted = true;
        e.heardFraction = Math.max(0, Math.min(1, heardFraction));
    }

    /** Words of an item's text as it is generated, kept in case the final text never comes. */
    public void partial(String itemId, Turn.Speaker speaker, String delta) {
        entry(itemId, speaker).partial.append(delta);
    }

    /**
     * The item's session was lost while it was being generated: unless its final text came, the turn keeps the
     * words generated so far and is marked as cut off; with no words yet it is forgotten (it was never heard).
     */
    public void cutShort(String itemId) {
        Entry e = entries.get(itemId);
        if (e != null && !e.hasText && e.partial.isEmpty()) {
            discard(itemId);
        } else if (e != null && !e.hasText) {
            e.text = e.partial.toString().strip();
            e.hasText = true;
            e.interrupted = true;
            e.heardFraction = 1;
        }
    }

    /** Forgets an item that will never complete (a caller's speech whose session was lost before it committed). */
    public void discard(String itemId) {
        if (entries.remove(itemId) != null) {
            order.remove(itemId);
        }
    }

    /** What was said so far, in order, as a model replacing this call's session must be told it. */
    public record Spoken(String itemId, Turn.Speaker speaker, String text) {}

    public List<Spoken> spoken() {
        List<Spoken> spoken = new ArrayList<>();
        for (String id : order) {
            Entry e = entries.get(id);
            String text = e.interrupted ? TextCut.keepFraction(e.text, e.heardFraction) : e.text;
            if (e.hasText && !text.isEmpty()) {
                spoken.add(new Spoken(id, e.speaker, text));
            }
        }
        return spoken;
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
            String text = e.interrupted ? TextCut.keepFraction(e.text, e.heardFraction) : e.text;
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
