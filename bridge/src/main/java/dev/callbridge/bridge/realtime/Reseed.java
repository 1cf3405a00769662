package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a replacement Realtime session is told so that the caller does not notice the change (PROTOCOLS.md §4.7):
 * the same {@code session.update}, the recent turns word for word (caller turns as user {@code input_text},
 * assistant turns as {@code output_text}: assistant audio items cannot be created), and older turns condensed into
 * one system message at the root. After a lost session whose last turn is the caller's, a {@code response.create}
 * asks again for the answer the lost session never gave. Pure.
 */
public final class Reseed {
    /** Turns replayed as items; older ones go into the system message. */
    static final int VERBATIM_TURNS = 24;
    /** Bound on the system message (its tail is kept: the latest turns matter most). */
    static final int EARLIER_MAX_CHARS = 6_000;
    static final String EARLIER_ID = "seed:earlier";
    /** The most events a seed holds: the session update, the system message, the turns and a response.create. */
    public static final int MAX_EVENTS = VERBATIM_TURNS + 3;

    private Reseed() {}

    /**
     * @param events what to send, in order
     * @param itemIds for each {@code conversation.item.create} in {@code events}, the call's id of the item it copies
     */
    public record Seed(List<ClientEvent> events, List<String> itemIds) {
        public Seed {
            events = List.copyOf(events);
            itemIds = List.copyOf(itemIds);
            long creates = events.stream().filter(ClientEvent.ItemCreate.class::isInstance).count();
            if (creates != itemIds.size()) {
                throw new IllegalArgumentException(creates + " items created but " + itemIds.size() + " ids");
            }
        }
    }

    public static Seed of(SessionConfig session, List<Transcript.Spoken> turns, boolean afterLoss) {
        return of(session, "", turns, afterLoss);
    }

    /**
     * @param earlierLines lines of turns before {@code turns} ({@link Transcript#earlier}: a transcript's forgotten
     *                     ones), told in the system message before those of {@code turns} that are not verbatim
     */
    public static Seed of(SessionConfig session, String earlierLines, List<Transcript.Spoken> turns, boolean afterLoss) {
        Objects.requireNonNull(session);
        List<ClientEvent> events = new ArrayList<>(List.of(new ClientEvent.SessionUpdate(session)));
        List<String> ids = new ArrayList<>();
        int firstVerbatim = Math.max(0, turns.size() - VERBATIM_TURNS);
        if (firstVerbatim > 0 || !earlierLines.isEmpty()) {
            StringBuilder earlier = new StringBuilder(earlierLines);
            for (Transcript.Spoken t : turns.subList(0, firstVerbatim)) {
                earlier.append(t.line()).append('\n');
            }
            String text = earlier.length() > EARLIER_MAX_CHARS
                    ? "…" + earlier.substring(earlier.length() - EARLIER_MAX_CHARS) : earlier.toString();
            events.add(new ClientEvent.ItemCreate(Optional.of("root"), "system",
                    "Earlier in this phone call (the conversation continues below):\n" + text.strip()));
            ids.add(EARLIER_ID);
        }
        for (Transcript.Spoken t : turns.subList(firstVerbatim, turns.size())) {
            events.add(new ClientEvent.ItemCreate(Optional.empty(), t.speaker() == Turn.Speaker.CALLER ? "user" : "assistant",
                    t.text()));
            ids.add(t.itemId());
        }
        if (afterLoss && !turns.isEmpty() && turns.getLast().speaker() == Turn.Speaker.CALLER) {
            events.add(new ClientEvent.ResponseCreate());
        }
        return new Seed(events, ids);
    }
}
