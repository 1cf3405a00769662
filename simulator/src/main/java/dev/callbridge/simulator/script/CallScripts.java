package dev.callbridge.simulator.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads call scripts and their speech from a data folder. */
public final class CallScripts {
    private CallScripts() {}

    /** All scripts under {@code data/calls}, sorted by name. */
    public static List<CallScript> load(Path dataDir) {
        Path calls = dataDir.resolve("calls");
        try (Stream<Path> files = Files.list(calls)) {
            List<CallScript> scripts = files.filter(p -> p.toString().endsWith(".script")).sorted()
                    .map(p -> read(dataDir, p)).toList();
            if (scripts.isEmpty()) {
                throw new IllegalArgumentException("no *.script files in " + calls);
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read call scripts in " + calls, e);
        }
    }

    /**
     * What the model says to a caller who stays silent ({@code data/prompts/still-there.txt} and its speech,
     * {@code still-there.ulaw}), as an assistant line.
     */
    public static CallScript.Line idlePrompt(Path dataDir) {
        Path prompts = dataDir.resolve("prompts");
        try {
            return new CallScript.Line(CallScript.Speaker.ASSISTANT,
                    Files.readString(prompts.resolve("still-there.txt")).strip(),
                    Files.readAllBytes(prompts.resolve("still-there.ulaw")), -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the idle prompt in " + prompts, e);
        }
    }

    static CallScript read(Path dataDir, Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.script$", "");
        List<CallScript.Line> lines = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(file + ": no 'speaker:' in \"" + line + "\"");
                }
                String head = line.substring(0, colon).strip();
                int at = head.indexOf('@');
                long interruptAtMs = at < 0 ? -1 : Long.parseLong(head.substring(at + 1));
                var speaker = CallScript.Speaker.valueOf((at < 0 ? head : head.substring(0, at)).toUpperCase(java.util.Locale.ROOT));
                Path audio = dataDir.resolve("audio").resolve(name)
                        .resolve(String.format("%02d-%s.ulaw", lines.size() + 1, speaker.label()));
                lines.add(new CallScript.Line(speaker, line.substring(colon + 1).strip(), Files.readAllBytes(audio),
                        interruptAtMs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " or its audio", e);
        }
        return new CallScript(name, lines);
    }
}
