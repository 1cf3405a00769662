package dev.callbridge.bridge.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded mutations of text inputs, as a byte-level fuzzer makes them, plus a few that target JSON. Pure. */
final class Mutator {
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e999",
            "\\u0000", "\\ud800", "9999999999999999999999", "\"\"", "\"start\"", "\"media\"", "\"stop\"", "0.5", "\\"};

    private Mutator() {}

    /** One mutation of a random corpus entry (or a splice of two). */
    static String mutate(List<String> corpus, SplittableRandom random) {
        String s = corpus.get(random.nextInt(corpus.size()));
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            s = once(s, corpus, random);
        }
        return s;
    }

    private static String once(String s, List<String> corpus, SplittableRandom random) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
        return switch (random.nextInt(7)) {
            case 0 -> { // flip a bit of one character
                if (s.isEmpty()) {
                    yield "{";
                }
                int i = Math.min(at, s.length() - 1);
                char c = (char) (s.charAt(i) ^ (1 << random.nextInt(8)));
                yield s.substring(0, i) + c + s.substring(i + 1);
            }
            case 1 -> s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(at); // insert a token
            case 2 -> { // delete a span
                int end = Math.min(s.length(), at + 1 + random.nextInt(16));
                yield s.substring(0, Math.min(at, end)) + s.substring(end);
            }
            case 3 -> { // splice with another input
                String other = corpus.get(random.nextInt(corpus.size()));
                int from = other.isEmpty() ? 0 : random.nextInt(other.length() + 1);
                yield s.substring(0, at) + other.substring(from);
            }
            case 4 -> { // repeat a span
                int end = Math.min(s.length(), at + 1 + random.nextInt(32));
                String span = s.substring(Math.min(at, end), end);
                yield s.substring(0, end) + span.repeat(1 + random.nextInt(64)) + s.substring(end);
            }
            case 5 -> { // replace a digit run by an extreme number
                String[] numbers = {"-9223372036854775809", "1e308", "-0", "0x10", "1.5", "NaN", "99999999999"};
                yield s.replaceFirst("\\d+", numbers[random.nextInt(numbers.length)]);
            }
            default -> s.substring(0, at); // truncate
        };
    }
}
