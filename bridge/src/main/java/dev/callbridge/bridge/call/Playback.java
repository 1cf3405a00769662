package dev.callbridge.bridge.call;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What Twilio has played of each assistant item, from the named marks it echoes. Each forwarded delta is
 * followed by a mark {@code <itemId>:<sentMs>}; its echo means the caller has heard {@code sentMs} of the item.
 * After a {@code clear}, Twilio echoes the pending marks at once although that audio never played, so marks of a
 * cut item are stale and ignored. Not thread-safe: the call session guards it.
 */
public final class Playback {
    private final Map<String, Item> items = new HashMap<>();
    private String current = "";

    private static final class Item {
        long sentMs;
        long playedMs;
        long generatedMs;
        boolean cut;
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
        item.playedMs = Math.max(item.playedMs, Math.min(ms, item.sentMs));
        return true;
    }

    /** The item whose audio Twilio is still playing, if any. */
    public Optional<String> playing() {
        Item item = items.get(current);
        return item != null && !item.cut && item.playedMs < item.sentMs ? Optional.of(current) : Optional.empty();
    }

    /** Cuts the item: no more of its audio goes out. Returns the milliseconds heard, never more than sent. */
    public long cut(String itemId) {
        Item item = items.get(itemId);
        item.cut = true;
        return item.playedMs;
    }

    public boolean isCut(String itemId) {
        Item item = items.get(itemId);
        return item != null && item.cut;
    }

    /** Heard share of everything generated for a cut item (0..1). */
    public double heardFraction(String itemId) {
        Item item = items.get(itemId);
        return item == null || item.generatedMs == 0 ? 0 : (double) item.playedMs / item.generatedMs;
    }

    /** Items the caller cut off. */
    public Iterable<String> cutItems() {
        return items.entrySet().stream().filter(e -> e.getValue().cut).map(Map.Entry::getKey).toList();
    }
}
