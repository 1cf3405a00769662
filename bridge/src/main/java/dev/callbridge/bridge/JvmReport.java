package dev.callbridge.bridge;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start-up line saying which JVM the bridge runs on, with its heap and collector, and a warning when it was
 * started without the options it ships with ({@code bridge/jvm.options}): an unsized heap starts at 1/64 of the
 * host's memory and the default collector keeps its own tens of megabytes, so idle memory is far above the figures
 * measured.
 */
final class JvmReport {
    private static final Logger log = LoggerFactory.getLogger(JvmReport.class);
    private static final long MIB = 1024 * 1024;

    private JvmReport() {}

    static void log() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        Runtime runtime = Runtime.getRuntime();
        String line = String.format("JVM: %s %s, heap %d MiB committed of %d MiB max, collectors %s",
                System.getProperty("java.vm.vendor"), Runtime.version(), runtime.totalMemory() / MIB,
                runtime.maxMemory() / MIB, collectors);
        if (sized(arguments)) {
            log.info(line);
        } else {
            log.warn("{}; started without the shipped options (java @bridge/jvm.options -jar bridge.jar): the heap is "
                    + "sized by the host and idle memory is well above the measured figures", line);
        }
    }

    /** Whether the heap was sized on the command line (as {@code jvm.options} does). */
    static boolean sized(List<String> arguments) {
        return arguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAMPercentage")
                || a.startsWith("-XX:MaxHeapSize"));
    }
}
