package dev.callbridge.simulator.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's figures beside the relay floor, and the JVM options it launches the bridge with. */
class RelayFloorTest {
    /** A line {@code bench/relay-floor/run.sh} printed on this machine (2026-12-08). */
    private static final String PRINTED = """
            relay floor: 250 calls, 12500 messages/s; relay CPU user 0.000 + kernel 0.246 core = 0.0591 CPU-s per \
            call-minute (one direction only), 19.7 us of kernel per message; latency p50 0.127 ms, p99 0.975 ms, \
            max 9.442 ms (312488 of 312500 messages back)
            """;

    @Test
    void theFloorsLineIsReadAndTheBridgeIsReportedAsARatio() {
        RelayFloor floor = RelayFloor.parse("cc -O2 …\n" + PRINTED).orElseThrow();
        String expected = "floor 0.0591 CPU-s, p99 0.975 ms; bridge 0.1130 = 1.91× floor; garbage: empty";
        String actual = String.format(Locale.ROOT, "floor %.4f CPU-s, p99 %.3f ms; bridge %.4f = %.2f× floor; garbage: %s",
                floor.cpuSecondsPerCallMinute(), floor.p99Ms(), 0.113, floor.ratio(0.113),
                RelayFloor.parse("relay floor: usage").map(f -> "parsed").orElse("empty"));
        System.out.printf("relay floor:%n  expected %s%n  actual   %s%n%s", expected, actual,
                floor.table(0.113, 3.9, 3.6, "bridge (soak, steady phase)"));
        assertEquals(expected, actual);
    }

    @Test
    void aLaunchedBridgeGetsTheJvmOptionsPackedInItsJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("bridge.jar");
        try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/jvm.options"));
            zip.write("-Xms64m\n-Xmx512m\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path without = dir.resolve("old.jar");
        try (var zip = new ZipOutputStream(Files.newOutputStream(without))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
            zip.closeEntry();
        }
        Optional<Path> copied = BridgeProcess.shippedJvmOptions(jar, dir.resolve("jvm.options"));
        String expected = "copied: -Xms64m -Xmx512m; from a jar without them: none";
        String actual = "copied: " + Files.readString(copied.orElseThrow()).strip().replace('\n', ' ')
                + "; from a jar without them: "
                + BridgeProcess.shippedJvmOptions(without, dir.resolve("x.options")).map(Path::toString).orElse("none");
        System.out.printf("shipped JVM options:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }
}
