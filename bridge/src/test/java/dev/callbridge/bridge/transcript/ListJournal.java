package dev.callbridge.bridge.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * A journal kept in a list: every change is "written" at once, until {@code failAfter} changes, after which none
 * is (as a file whose disk filled mid-call). The in-memory counterpart of the call journal's file, for tests.
 */
public final class ListJournal implements Transcript.Journal {
    private final List<Transcript.Change> written = new ArrayList<>();
    private final long failAfter;

    public ListJournal(long failAfter) {
        this.failAfter = failAfter;
    }

    public ListJournal() {
        this(Long.MAX_VALUE);
    }

    @Override
    public void accept(Transcript.Change change) {
        if (written.size() < failAfter) {
            written.add(change);
        }
    }

    @Override
    public long durable() {
        return written.size();
    }

    public List<Transcript.Change> written() {
        return List.copyOf(written);
    }
}
