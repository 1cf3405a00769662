package dev.callbridge.simulator.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's price of relaying each 20 ms frame as its own message on this machine ({@code bench/relay-floor}),
 * measured in the same session as a soak so that the bridge's figure can be read as a ratio: the host's speed and
 * noise change from day to day, the ratio much less.
 *
 * @param cpuSecondsPerCallMinute the floor's CPU seconds per call-minute (one direction)
 * @param p99Ms the floor's relay latency p99
 */
public record RelayFloor(double cpuSecondsPerCallMinute, double p99Ms, String line) {
    private static final Pattern FIGURE = Pattern.compile("= ([0-9.]+) CPU-s per call-minute");
    private static final Pattern P99 = Pattern.compile("p99 ([0-9.]+) ms");

    /** Parses the floor program's result line; empty when it is not one. */
    public static Optional<RelayFloor> parse(String output) {
        for (String line : output.split("\n")) {
            Matcher figure = FIGURE.matcher(line);
            Matcher p99 = P99.matcher(line);
            if (line.startsWith("relay floor:") && figure.find() && p99.find()) {
                return Optional.of(new RelayFloor(Double.parseDouble(figure.group(1)), Double.parseDouble(p99.group(1)),
                        line.strip()));
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code script} ({@code bench/relay-floor/run.sh}: compiles and runs the C relay) for {@code calls} calls
     * over {@code length}, once. Empty, with the reason printed, when it cannot run here (no script, no compiler).
     */
    public static Optional<RelayFloor> measure(Path script, int calls, Duration length, java.io.PrintStream out)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            out.println("relay floor: not measured (" + script + " not found; --relay-floor names it)");
            return Optional.empty();
        }
        out.printf("relay floor: %s %d %d 1 …%n", script, calls, length.toSeconds());
        Process p = new ProcessBuilder("bash", script.toString(), Integer.toString(calls),
                Long.toString(Math.max(6, length.toSeconds())), "1").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Optional<RelayFloor> floor = exit == 0 ? parse(output) : Optional.empty();
        out.println(floor.map(RelayFloor::line).orElse("relay floor: not measured (exit " + exit + "): " + output.strip()));
        return floor;
    }

    /** The bridge's figure over the floor's. */
    public double ratio(double bridgeCpuSecondsPerCallMinute) {
        return bridgeCpuSecondsPerCallMinute / cpuSecondsPerCallMinute;
    }

    /** The report's table: the floor and the bridge side by side, and their ratio. */
    public String table(double bridgeCpu, double bridgeP99In, double bridgeP99Out, String bridgeLabel) {
        String floorP99 = String.format(Locale.ROOT, "%.2f ms", p99Ms);
        String bridgeP99 = String.format(Locale.ROOT, "%.1f / %.1f ms", bridgeP99In, bridgeP99Out);
        return String.format(Locale.ROOT, """
                  | measured in this session             | CPU-s per call-minute | × floor | relay p99 (steady) |
                  |--------------------------------------|-----------------------|---------|--------------------|
                  | relay floor (C, one direction)       | %21.4f | %7.2f | %-18s |
                  | %-36s | %21.4f | %7.2f | %-18s |
                """, cpuSecondsPerCallMinute, 1.0, floorP99, bridgeLabel, bridgeCpu, ratio(bridgeCpu), bridgeP99);
    }
}
