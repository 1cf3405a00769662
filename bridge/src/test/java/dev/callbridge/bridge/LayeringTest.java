package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bridge's packages depend on each other only downwards, read from the sources: the call core ({@code call})
 * knows no socket, no protocol codec and no voice API (each API plugs in behind {@code call.VoiceApi}); the
 * journal knows no call; the edges ({@code twilio}, {@code realtime}) depend on the core, never the reverse.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/callbridge/bridge");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.callbridge\\.bridge\\.([a-z]+)\\.[A-Z]");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("dev\\.callbridge\\.bridge\\.[A-Z]");
    /** What the call core must never see: JSON, the codecs, the protocols' wire events other than Twilio's typed ones. */
    private static final Pattern CALL_CORE_FORBIDDEN = Pattern.compile(
            "com\\.fasterxml|[A-Za-z]+Codec\\b|dev\\.callbridge\\.wire\\.(realtime|relay)\\.|io\\.netty");

    /** Each package and the bridge packages it may use ({@code (root)}: the configuration classes). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("call", Set.of("journal", "recording", "transcript")),
            Map.entry("journal", Set.of("transcript")),
            Map.entry("mail", Set.of("(root)", "journal", "persona", "summary")),
            Map.entry("metrics", Set.of()),
            Map.entry("models", Set.of()),
            Map.entry("persona", Set.of()),
            Map.entry("realtime", Set.of("call", "journal", "transcript", "websocket")),
            Map.entry("recording", Set.of()),
            Map.entry("summary", Set.of()),
            Map.entry("text", Set.of("(root)", "call", "journal", "realtime", "transcript")),
            Map.entry("transcript", Set.of()),
            Map.entry("twilio", Set.of("(root)", "call", "persona", "text", "websocket")),
            Map.entry("websocket", Set.of()));

    @Test
    void packagesDependOnlyDownwards() throws IOException {
        List<String> breaks = new ArrayList<>();
        Map<String, Set<String>> actual = new TreeMap<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                String pkg = dir.getFileName().toString();
                Set<String> uses = new TreeSet<>();
                for (Path file : javaFiles(dir)) {
                    String source = Files.readString(file);
                    Matcher m = REFERENCE.matcher(source);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            uses.add(m.group(1));
                        }
                    }
                    if (ROOT_REFERENCE.matcher(source).find()) {
                        uses.add("(root)");
                    }
                }
                actual.put(pkg, uses);
                for (String used : uses) {
                    if (!ALLOWED.getOrDefault(pkg, Set.of()).contains(used)) {
                        breaks.add(pkg + " -> " + used);
                    }
                }
            }
        }
        System.out.printf("package dependencies: %s%n  expected breaks []%n  actual   %s%n", actual, breaks);
        assertEquals(List.of(), breaks);
    }

    @Test
    void theCallCoreSeesTypedEventsNeverJsonOrSockets() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(SOURCES.resolve("call"))) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CALL_CORE_FORBIDDEN.matcher(lines.get(i));
                if (m.find() && !lines.get(i).stripLeading().startsWith("*")) {
                    found.add(file.getFileName() + ":" + (i + 1) + " " + m.group());
                }
            }
        }
        System.out.printf("call/ referring to JSON, codecs, Realtime/relay wire types or Netty:%n  expected []%n  actual   %s%n", found);
        assertEquals(List.of(), found);
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
