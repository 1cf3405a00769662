package dev.callbridge.simulator.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Fields of a process's {@code /proc/<pid>/status} (Linux). */
final class ProcStatus {
    private ProcStatus() {}

    /** The value of {@code field} (e.g. {@code VmRSS}) for process {@code pid} ({@code self} for this one), stripped. */
    static Optional<String> field(String pid, String field) throws IOException {
        String prefix = field + ":";
        return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .findFirst();
    }
}
