package dev.callbridge.bridge.transcript;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * What a transcript still knows of the turns it forgot (the journal has them): how many, the recent ids (so that a
 * late change to one is not taken for a new turn), and what a replacement session would be told of them — the
 * latest {@link Transcript#FORGOTTEN_TURNS_KEPT} as turns, the lines of those before as one bounded string. Its
 * size does not grow with the call. Not thread-safe: the transcript's owner guards it.
 */
final class ForgottenTurns {
    /** Forgotten item ids remembered, so that a late change to one does not start a new turn in memory. */
    private static final int IDS_KEPT = 64;

    private int journaled;
    private final SequencedSet<String> ids = new LinkedHashSet<>();
    private final ArrayDeque<Transcript.Spoken> latest = new ArrayDeque<>();
    private final StringBuilder earlier = new StringBuilder();

    /**
     * The turn {@code id} is forgotten.
     *
     * @param spoken its words as a new session would be told them, if it has any
     * @param wasJournaled whether the journal has it (a turn of partial words only never went there)
     */
    void add(String id, Optional<Transcript.Spoken> spoken, boolean wasJournaled) {
        if (wasJournaled) {
            journaled++;
        }
        ids.addLast(id);
        if (ids.size() > IDS_KEPT) {
            ids.removeFirst();
        }
        spoken.ifPresent(s -> {
            latest.addLast(s);
            if (latest.size() > Transcript.FORGOTTEN_TURNS_KEPT) {
                earlier.append(latest.removeFirst().line()).append('\n');
                if (earlier.length() > 2 * Transcript.FORGOTTEN_LINES_KEPT) {
                    earlier.delete(0, earlier.length() - Transcript.FORGOTTEN_LINES_KEPT);
                }
            }
        });
    }

    /** Whether {@code id} is a recently forgotten turn's. */
    boolean contains(String id) {
        return !ids.isEmpty() && ids.contains(id);
    }

    /** Forgotten turns only the journal has. */
    int journaled() {
        return journaled;
    }

    /** The latest forgotten turns with words, oldest first. */
    List<Transcript.Spoken> latest() {
        return new ArrayList<>(latest);
    }

    /** The lines of the forgotten turns before {@link #latest}: the last {@link Transcript#FORGOTTEN_LINES_KEPT} characters or more. */
    String earlier() {
        return earlier.toString();
    }
}
