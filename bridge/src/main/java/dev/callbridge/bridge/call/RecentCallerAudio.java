package dev.callbridge.bridge.call;

import dev.callbridge.wire.audio.Level;
import dev.callbridge.wire.audio.MuLaw;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The caller's last frames, kept to judge whether someone is speaking before a session switch, each frame judged at
 * most once and only when asked. The frames' base64 text is copied into one ring of bytes allocated with the call:
 * keeping the frames' own strings (and a holder per frame) made ~4 KB per call survive young collections and wrote
 * a young reference into an old array 50 times a second (see {@code realtime.CallerFrames} for what that cost). A frame
 * longer than a Twilio frame (160 bytes, 20 ms) is judged on its first 162 bytes.
 * Not thread-safe: the call session guards it.
 */
final class RecentCallerAudio {
    /** Base64 of a 160-byte frame. */
    private static final int SLOT_CHARS = 216;
    private static final byte UNJUDGED = 0;
    private static final byte QUIET = 1;
    private static final byte AUDIBLE = 2;

    private final double audibleDbfs;
    private final byte[] text;
    private final int[] length;
    private final byte[] judged;
    private int next;
    private int count;

    /** Keeps the last {@code frames} frames; louder than {@code audibleDbfs} is someone speaking. */
    RecentCallerAudio(int frames, double audibleDbfs) {
        this.audibleDbfs = audibleDbfs;
        this.text = new byte[frames * SLOT_CHARS];
        this.length = new int[frames];
        this.judged = new byte[frames];
    }

    /** A frame's base64 payload (already checked to be base64), replacing the oldest once the ring is full. */
    @SuppressWarnings("deprecation") // the one String → byte[] copy without an allocation; payloads are ASCII
    void add(String base64) {
        int n = Math.min(base64.length(), SLOT_CHARS) & ~3;
        base64.getBytes(0, n, text, next * SLOT_CHARS);
        length[next] = n;
        judged[next] = UNJUDGED;
        next = (next + 1) % length.length;
        count = Math.min(count + 1, length.length);
    }

    /** Whether any kept frame is louder than the threshold (false when none is kept). */
    boolean anyAudible() {
        for (int i = 0; i < count; i++) {
            if (judged[i] == UNJUDGED) {
                judged[i] = judge(i) ? AUDIBLE : QUIET;
            }
            if (judged[i] == AUDIBLE) {
                return true;
            }
        }
        return false;
    }

    private boolean judge(int slot) {
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(text, slot * SLOT_CHARS, length[slot]));
        byte[] mulaw = new byte[decoded.remaining()];
        decoded.get(mulaw);
        short[] pcm = new short[mulaw.length];
        MuLaw.decode(mulaw, pcm);
        return Level.rmsDbfs(pcm, 0, pcm.length) > audibleDbfs;
    }
}
