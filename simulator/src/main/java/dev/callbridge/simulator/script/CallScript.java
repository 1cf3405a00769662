package dev.callbridge.simulator.script;

import java.util.List;
import java.util.Objects;

/**
 * A scripted conversation from {@code data/calls/<name>.script}: lines alternate caller and assistant, caller
 * first, each with its speech as raw μ-law 8 kHz from {@code data/audio/<name>/NN-<speaker>.ulaw}. A caller line
 * written {@code caller@1500:} interrupts: the caller starts it 1.5 s into the playback of the reply before it.
 */
public record CallScript(String name, List<Line> lines) {
    public CallScript {
        Objects.requireNonNull(name);
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.size() % 2 != 0) {
            throw new IllegalArgumentException(name + ": a script is caller/assistant pairs, got " + lines.size() + " lines");
        }
        for (int i = 0; i < lines.size(); i++) {
            Speaker expected = i % 2 == 0 ? Speaker.CALLER : Speaker.ASSISTANT;
            if (lines.get(i).speaker() != expected) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + " should be " + expected.label());
            }
            if (lines.get(i).interruptAtMs() >= 0 && (i == 0 || expected != Speaker.CALLER)) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + " has no reply before it to interrupt");
            }
        }
    }

    /** Number of caller/assistant exchanges. */
    public int exchanges() {
        return lines.size() / 2;
    }

    public Line caller(int exchange) {
        return lines.get(2 * (exchange % exchanges()));
    }

    public Line assistant(int exchange) {
        return lines.get(2 * (exchange % exchanges()) + 1);
    }

    public enum Speaker {
        CALLER, ASSISTANT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One line and its speech; {@code mulaw} is shared, not copied: treat it as read-only.
     *
     * @param interruptAtMs for a caller line that talks over the reply before it, how far into that reply's
     *                      playback it starts; -1 otherwise
     */
    public record Line(Speaker speaker, String text, byte[] mulaw, long interruptAtMs) {
        public Line {
            Objects.requireNonNull(speaker);
            Objects.requireNonNull(text);
            Objects.requireNonNull(mulaw);
        }

        public boolean interrupts() {
            return interruptAtMs >= 0;
        }

        public long millis() {
            return mulaw.length / 8;
        }
    }
}
