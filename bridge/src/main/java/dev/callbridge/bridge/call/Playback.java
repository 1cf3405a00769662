package dev.callbridge.bridge.call;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What Twilio has played of each assistant item. Each forwarded delta is followed by a mark
 * {@code <itemId>:<sentMs>}; its echo confirms the caller has heard {@code sentMs} of the item. Between echoes the
 * position is extrapolated at real-time speed from the last confirmation (or from the first send), never past what
 * was sent: so a truncate is accurate to a few milliseconds and can never ask for more audio than exists. After a
 * {@code clear}, Twilio echoes the pending marks at once although that audio never played, so marks of a cut item
 * are stale and ignored; a mark older than the position already confirmed changes nothing. Time comes from the
 * injected ticker (nanoseconds). Not thread-safe: the call session guards it.
 */
public final class Playback {
    private final LongSupplier ticker;
    private final Map<String, Item> items = new HashMap<>();
    private String current = "";

    private static final class Item {
        long sentMs;
        long generatedMs;
        long confirmedMs;
        long confirmedAtNanos;
        boolean cut;
        long heardAtCutMs;
    }

    public Playback(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** Item {@code itemId} was announced: its audio follows. */
    public void begin(String itemId) {
        items.computeIfAbsent(itemId, id -> new Item());
    }

    /** Whether the item was cut (its audio stopped, late deltas dropped). */
    public boolean isCut(String itemId) {
        Item item = items.get(itemId);
        return item != null && item.cut;
    }

    /** Records {@code ms} more audio generated for {@code itemId}; returns false for an item already cut. */
    public boolean generated(String itemId, long ms) {
        Item item = items.computeIfAbsent(itemId, id -> new Item());
        item.generatedMs += ms;
        current = itemId;
        return !item.cut;
    }

    /** Records {@code ms} more audio sent to Twilio; returns the mark name to send after it. */
    public String sent(String itemId, long ms) {
        Item item = items.get(itemId);
        if (item.sentMs == 0) {
            item.confirmedAtNanos = ticker.getAsLong(); // Twilio starts playing the first audio on arrival
        }
        item.sentMs += ms;
        return markName(itemId, item.sentMs);
    }

    public static String markName(String itemId, long sentMs) {
        return itemId + ":" + sentMs;
    }

    /** Applies an echoed mark; returns false for a stale or foreign one. */
    public boolean onMark(String name) {
        int colon = name.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        Item item = items.get(name.substring(0, colon));
        if (item == null || item.cut) {
            return false;
        }
        long ms;
        try {
            ms = Long.parseLong(name.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        long confirmed = Math.min(ms, item.sentMs);
        if (confirmed > item.confirmedMs) {
            item.confirmedMs = confirmed;
            item.confirmedAtNanos = ticker.getAsLong();
        }
        return true;
    }

    /** Milliseconds of the item the caller has heard by now: extrapolated, within [confirmed, sent]. */
    long heardMs(Item item) {
        if (item.sentMs == 0) {
            return 0;
        }
        long elapsedMs = (ticker.getAsLong() - item.confirmedAtNanos) / 1_000_000;
        return Math.min(item.sentMs, item.confirmedMs + Math.max(0, elapsedMs));
    }

    /** The item whose audio Twilio is still playing, if any. */
    public Optional<String> playing() {
        Item item = items.get(current);
        return item != null && !item.cut && heardMs(item) < item.sentMs ? Optional.of(current) : Optional.empty();
    }

    /**
     * Cuts the item: no more of its audio goes out (also for an item none of whose audio came yet). Returns the
     * milliseconds heard, never more than sent.
     */
    public long cut(String itemId) {
        Item item = items.computeIfAbsent(itemId, id -> new Item());
        item.heardAtCutMs = heardMs(item);
        item.cut = true;
        return item.heardAtCutMs;
    }

    /** Heard share of everything generated for a cut item (0..1). */
    public double heardFraction(String itemId) {
        Item item = items.get(itemId);
        return item == null || item.generatedMs == 0 ? 0 : (double) item.heardAtCutMs / item.generatedMs;
    }

    /** Milliseconds of the item sent to Twilio so far (0 for an unknown item). */
    public long sentMs(String itemId) {
        Item item = items.get(itemId);
        return item == null ? 0 : item.sentMs;
    }

    /**
     * Forgets every item but the last one given audio (Twilio may still be playing it). For when a new reply
     * begins: the other items' responses are done, so their cut shares are final (read them first); without this a
     * call would keep one entry per reply for its whole length.
     */
    public void forgetAllButCurrent() {
        items.keySet().removeIf(itemId -> !itemId.equals(current));
    }

    /** Items the caller cut off. */
    public Iterable<String> cutItems() {
        return items.entrySet().stream().filter(e -> e.getValue().cut).map(Map.Entry::getKey).toList();
    }
}
