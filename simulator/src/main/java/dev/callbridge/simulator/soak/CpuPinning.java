package dev.callbridge.simulator.soak;

import java.io.IOException;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keeps the simulator off the CPUs a launched bridge is pinned to. A soak measures the bridge on its own core; the
 * simulator's event loops, JIT and collector on that core would queue the bridge's work behind its own and show up
 * as the bridge's latency (Linux only: {@code /proc} and {@code taskset}).
 */
public final class CpuPinning {
    private CpuPinning() {}

    /** A CPU list as {@code taskset} and {@code /proc/<pid>/status} write it, e.g. {@code 0-3,6}. */
    public static SortedSet<Integer> parse(String list) {
        SortedSet<Integer> cpus = new TreeSet<>();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.strip().split("-", 2);
            try {
                int first = Integer.parseInt(range[0].strip());
                int last = range.length == 2 ? Integer.parseInt(range[1].strip()) : first;
                if (first < 0 || last < first) {
                    throw new IllegalArgumentException("not a CPU range: '" + part + "' in '" + list + "'");
                }
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list: '" + list + "'", e);
            }
        }
        return cpus;
    }

    /** The CPUs as a comma-separated list. */
    public static String format(SortedSet<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The CPUs of {@code allowed} not in {@code bridge}: where the simulator should run; empty when none is left. */
    public static Optional<SortedSet<Integer>> rest(SortedSet<Integer> allowed, SortedSet<Integer> bridge) {
        SortedSet<Integer> rest = new TreeSet<>(allowed);
        rest.removeAll(bridge);
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    /**
     * Moves every thread of this process (and so the threads they start) off {@code bridgeCpus}; returns a line that
     * says what was done, or why not.
     */
    public static String keepOff(String bridgeCpus) throws InterruptedException {
        SortedSet<Integer> bridge = parse(bridgeCpus);
        SortedSet<Integer> allowed;
        try {
            allowed = parse(ProcStatus.field("self", "Cpus_allowed_list")
                    .orElseThrow(() -> new IOException("no Cpus_allowed_list in /proc/self/status")));
        } catch (IOException e) {
            return "simulator not pinned (its CPUs are unknown: " + e.getMessage() + "); it may share the bridge's CPUs";
        }
        Optional<SortedSet<Integer>> rest = rest(allowed, bridge);
        if (rest.isEmpty()) {
            return "simulator not pinned: it may run only on CPUs " + format(allowed) + ", all of them the bridge's; "
                    + "its work will count as the bridge's latency";
        }
        String cpus = format(rest.get());
        var command = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true);
        try {
            Process p = command.start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                return "simulator not pinned (taskset: " + output + "); it may share the bridge's CPUs";
            }
        } catch (IOException e) {
            return "simulator not pinned (taskset: " + e.getMessage() + "); it may share the bridge's CPUs";
        }
        return "simulator pinned to CPUs " + cpus + ", the bridge to " + format(bridge);
    }
}
