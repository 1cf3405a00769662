package dev.callbridge.simulator.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stand-in's speech recogniser: it knows the caller lines of every call script and names the one whose
 * loudness envelope is closest to a detected utterance (both trimmed to their speech, compared window by window,
 * with a penalty for differing lengths). Works on μ-law passthrough and on resampled PCM alike, since 20 ms
 * loudness survives both. Thread-safe after construction.
 */
public final class ClipMatcher {
    /** A match must be at least this close (mean dB difference per window) to count. */
    private static final double MAX_SCORE = 12.0;
    private static final double LENGTH_PENALTY_DB = 1.5;

    private final List<Candidate> candidates = new ArrayList<>();
    private final double speechDb;

    public record Candidate(String key, double[] envelope) {}

    /** @param speechDb windows louder than this count as speech when trimming */
    public ClipMatcher(double speechDb) {
        this.speechDb = speechDb;
    }

    public void add(String key, byte[] mulaw) {
        candidates.add(new Candidate(key, trim(Envelope.ofMulaw(mulaw))));
    }

    /** The best-matching key, if any is close enough. */
    public Optional<String> match(double[] utterance) {
        double[] u = trim(utterance);
        String best = null;
        double bestScore = Double.MAX_VALUE;
        for (Candidate c : candidates) {
            double score = score(u, c.envelope());
            if (score < bestScore) {
                bestScore = score;
                best = c.key();
            }
        }
        return bestScore <= MAX_SCORE ? Optional.ofNullable(best) : Optional.empty();
    }

    private static double score(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        if (n == 0) {
            return Double.MAX_VALUE;
        }
        double diff = 0;
        for (int i = 0; i < n; i++) {
            diff += Math.abs(Math.max(a[i], -60) - Math.max(b[i], -60));
        }
        return diff / n + LENGTH_PENALTY_DB * Math.abs(a.length - b.length);
    }

    private double[] trim(double[] levels) {
        int from = 0;
        while (from < levels.length && levels[from] < speechDb) {
            from++;
        }
        int to = levels.length;
        while (to > from && levels[to - 1] < speechDb) {
            to--;
        }
        return java.util.Arrays.copyOfRange(levels, from, to);
    }
}
