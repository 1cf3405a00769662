package dev.callbridge.bridge.realtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A queue of caller frames as Twilio sent them (media timestamp, μ-law as base64 text, whether a session got it),
 * kept for a replay into a replacement session. The text is copied into chunks of fixed slots that the call's
 * queues share through a {@link Pool}, instead of holding each frame's string: an utterance's frames live for
 * seconds, longer than the young generation's cycle at 250 calls, and as three objects a frame they were most of
 * what the collector copied at every young pause (at 250 calls on one core: survivors 5.4 → 3.2 MiB, median young
 * pause 21 → 7 ms). A frame of another size than Twilio's 20 ms (216 characters) keeps its string. Not
 * thread-safe: the call's lock guards it.
 */
final class CallerFrames {
    /** Base64 characters of one 20 ms μ-law frame (160 bytes). */
    static final int SLOT_CHARS = 216;
    /** Frames per chunk: half a second. */
    static final int CHUNK_FRAMES = 25;

    private static final class Chunk {
        final byte[] text = new byte[CHUNK_FRAMES * SLOT_CHARS];
        final long[] timestampMs = new long[CHUNK_FRAMES];
        final boolean[] sent = new boolean[CHUNK_FRAMES];
        /** Frames that do not fit a slot, by slot; null until one comes. */
        String[] odd;
    }

    /**
     * The chunks a call's queues take and give back; keeps at most {@code keep} spare ones, so a call holds about
     * its longest utterance's worth and no more.
     */
    static final class Pool {
        private final ArrayDeque<Chunk> spare = new ArrayDeque<>();
        private final int keep;

        Pool(int keep) {
            this.keep = keep;
        }

        private Chunk take() {
            Chunk chunk = spare.pollFirst();
            return chunk == null ? new Chunk() : chunk;
        }

        private void give(Chunk chunk) {
            if (spare.size() < keep) {
                if (chunk.odd != null) {
                    Arrays.fill(chunk.odd, null);
                }
                spare.addFirst(chunk);
            }
        }

        int spare() {
            return spare.size();
        }
    }

    private final Pool pool;
    private final List<Chunk> chunks = new ArrayList<>();
    /** Slot of the first frame in the first chunk. */
    private int head;
    private int size;

    CallerFrames(Pool pool) {
        this.pool = pool;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("deprecation") // the one String → byte[] copy without an allocation; base64 is ASCII
    void addLast(long timestampMs, String mulawBase64, boolean sent) {
        int at = head + size;
        if (at == chunks.size() * CHUNK_FRAMES) {
            chunks.add(pool.take());
        }
        Chunk chunk = chunks.get(at / CHUNK_FRAMES);
        int slot = at % CHUNK_FRAMES;
        chunk.timestampMs[slot] = timestampMs;
        chunk.sent[slot] = sent;
        if (mulawBase64.length() == SLOT_CHARS) {
            mulawBase64.getBytes(0, SLOT_CHARS, chunk.text, slot * SLOT_CHARS);
            if (chunk.odd != null) {
                chunk.odd[slot] = null;
            }
        } else {
            if (chunk.odd == null) {
                chunk.odd = new String[CHUNK_FRAMES];
            }
            chunk.odd[slot] = mulawBase64;
        }
        size++;
    }

    /** Removes the oldest frame; returns whether a session got it. */
    boolean removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("no caller frame queued");
        }
        Chunk chunk = chunks.getFirst();
        boolean sent = chunk.sent[head];
        if (chunk.odd != null) {
            chunk.odd[head] = null;
        }
        size--;
        if (++head == CHUNK_FRAMES || size == 0) {
            pool.give(chunks.removeFirst());
            head = 0;
        }
        return sent;
    }

    /** Frame {@code i} (0 is the oldest): its media timestamp. */
    long timestampMs(int i) {
        int at = index(i);
        return chunks.get(at / CHUNK_FRAMES).timestampMs[at % CHUNK_FRAMES];
    }

    /** Frame {@code i}'s base64 text, as Twilio sent it (a new string: for a replay, which is rare). */
    String mulawBase64(int i) {
        int at = index(i);
        Chunk chunk = chunks.get(at / CHUNK_FRAMES);
        int slot = at % CHUNK_FRAMES;
        if (chunk.odd != null && chunk.odd[slot] != null) {
            return chunk.odd[slot];
        }
        return new String(chunk.text, slot * SLOT_CHARS, SLOT_CHARS, StandardCharsets.ISO_8859_1);
    }

    void markSent(int i) {
        int at = index(i);
        chunks.get(at / CHUNK_FRAMES).sent[at % CHUNK_FRAMES] = true;
    }

    /** Appends {@code other}'s frames after these (a copy; {@code other} is unchanged). */
    void addAll(CallerFrames other) {
        for (int i = 0; i < other.size; i++) {
            int at = other.index(i);
            Chunk chunk = other.chunks.get(at / CHUNK_FRAMES);
            addLast(chunk.timestampMs[at % CHUNK_FRAMES], other.mulawBase64(i), chunk.sent[at % CHUNK_FRAMES]);
        }
    }

    void clear() {
        chunks.forEach(pool::give);
        chunks.clear();
        head = 0;
        size = 0;
    }

    private int index(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size + " caller frames");
        }
        return head + i;
    }
}
