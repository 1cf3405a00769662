package dev.callbridge.bridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parsers of everything the bridge reads from the network, and the call state machine behind them, against
 * hostile input: first the committed corpus ({@code src/test/resources/fuzz}), then seeded mutations of it (byte
 * flips, insertions, deletions, splices, repeated spans). The contract: a parser returns a message or throws a
 * {@link WireFormatException}, nothing else; a call fed any sequence closes with a protocol status and a reason or
 * carries on, never throws, and mails its transcript exactly once if it started. Bounded by an iteration count
 * (deterministic; {@code -Dfuzz.iterations=N -Dfuzz.seed=S} for longer runs), not by the clock.
 * <p>Jazzer was the first choice; its JUnit integration (0.30.0, built on JUnit 5.9) fails test discovery on the
 * JUnit 6 platform Spring Boot 4 brings, so this test does its own mutation.
 */
class ProtocolFuzzTest {
    static final Path CORPUS = Path.of("src/test/resources/fuzz");
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 20_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    private static final Map<String, Function<String, Object>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put(FuzzCorpus.MEDIA, MediaStreamCodec::decodeEvent);
        PARSERS.put(FuzzCorpus.RELAY, ConversationRelayCodec::decodeMessage);
        PARSERS.put(FuzzCorpus.REALTIME, RealtimeCodec::decodeServer);
    }

    private static Map<String, String> generated(String target) {
        return FuzzCorpus.generate(switch (target) {
            case FuzzCorpus.MEDIA -> FuzzCorpus.mediaSeeds();
            case FuzzCorpus.RELAY -> FuzzCorpus.relaySeeds();
            default -> FuzzCorpus.realtimeSeeds();
        });
    }

    static List<String> corpus(String target) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(target))) {
            List<String> inputs = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                inputs.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return inputs;
        }
    }

    @Test
    void theCommittedCorpusIsWhatItsGeneratorMakes() throws IOException {
        for (String target : PARSERS.keySet()) {
            Map<String, String> expected = generated(target);
            if (Boolean.getBoolean("fuzz.regenerate")) {
                FuzzCorpus.write(CORPUS.resolve(target), expected);
            }
            Map<String, String> actual = new TreeMap<>();
            try (Stream<Path> files = Files.list(CORPUS.resolve(target))) {
                for (Path f : files.toList()) {
                    actual.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
                }
            }
            System.out.printf("%s: expected %d corpus files, actual %d%n", target, expected.size(), actual.size());
            assertEquals(new TreeMap<>(expected), actual, "regenerate with -Dfuzz.regenerate=true");
        }
    }

    @Test
    void everyCorpusInputIsReadOrRejectedWithAWireFormatError() throws IOException {
        int total = 0;
        for (var parser : PARSERS.entrySet()) {
            Map<String, Integer> outcomes = new TreeMap<>();
            List<String> defects = new ArrayList<>();
            for (String input : corpus(parser.getKey())) {
                outcomes.merge(outcome(parser.getValue(), input, defects), 1, Integer::sum);
            }
            total += outcomes.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%s corpus: expected no defect, actual %s; outcomes %s%n", parser.getKey(), defects, outcomes);
            assertEquals(List.of(), defects);
        }
        assertTrue(total >= 200, "at least 200 hostile inputs: " + total);
    }

    @Test
    void mutatedInputsNeverBreakAParser() throws IOException {
        for (var parser : PARSERS.entrySet()) {
            List<String> corpus = corpus(parser.getKey());
            var random = new SplittableRandom(SEED ^ parser.getKey().hashCode());
            Map<String, Integer> outcomes = new TreeMap<>();
            List<String> defects = new ArrayList<>();
            for (int i = 0; i < ITERATIONS; i++) {
                String input = Mutator.mutate(corpus, random);
                outcomes.merge(outcome(parser.getValue(), input, defects), 1, Integer::sum);
            }
            System.out.printf("%s: %d mutations (seed %d): expected no defect, actual %s; outcomes %s%n", parser.getKey(),
                    ITERATIONS, SEED, defects.stream().limit(3).toList(), outcomes);
            assertEquals(List.of(), defects);
        }
    }

    @Test
    void theHarnessCatchesAParserThatFailsAnyOtherWay() throws IOException {
        // A planted defect: an unchecked failure on inputs with a digit after "sequenceNumber", as a careless
        // Integer.parseInt would throw. The mutation loop must report it.
        Function<String, Object> careless = text -> {
            if (text.matches("(?s).*\"sequenceNumber\":\"?-.*")) {
                throw new NumberFormatException("negative sequence number");
            }
            return MediaStreamCodec.decodeEvent(text);
        };
        List<String> defects = new ArrayList<>();
        var random = new SplittableRandom(SEED);
        List<String> corpus = corpus(FuzzCorpus.MEDIA);
        for (int i = 0; i < ITERATIONS && defects.isEmpty(); i++) {
            outcome(careless, Mutator.mutate(corpus, random), defects);
        }
        System.out.println("planted defect: expected found, actual " + (defects.isEmpty() ? "missed" : defects.getFirst()));
        assertTrue(!defects.isEmpty());
    }

    /** What the parser made of the input: the message type read, or "rejected"; any other failure is a defect. */
    private static String outcome(Function<String, Object> parser, String input, List<String> defects) {
        try {
            return parser.apply(input).getClass().getSimpleName();
        } catch (WireFormatException e) {
            return "rejected";
        } catch (RuntimeException | StackOverflowError e) {
            defects.add(e + " for " + (input.length() > 160 ? input.substring(0, 160) + "…" : input));
            return "DEFECT";
        }
    }
}
