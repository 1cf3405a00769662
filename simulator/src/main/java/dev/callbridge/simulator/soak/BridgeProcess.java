package dev.callbridge.simulator.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A bridge under test: either a {@code bridge.jar} this process launches (on chosen CPUs, with its log in a
 * file) or one already running. Reads the process's CPU time and resident memory from {@code /proc} (Linux), and
 * its own counters from {@code GET /stats}.
 */
public final class BridgeProcess implements AutoCloseable {
    private final URI url;
    private volatile Optional<Process> process;
    private volatile OptionalLong pid;
    private final HttpClient http;
    private final List<String> command;
    private final Path log;

    private BridgeProcess(URI url, Optional<Process> process, OptionalLong pid, HttpClient http, List<String> command,
                          Path log) {
        this.url = url;
        this.process = process;
        this.pid = pid;
        this.http = http;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /** Connects to a running bridge; {@code pid} enables CPU and memory figures. */
    public static BridgeProcess attach(URI url, OptionalLong pid, HttpClient http) {
        return new BridgeProcess(url, Optional.empty(), pid, http, List.of(), Path.of(""));
    }

    /**
     * Launches {@code java -jar jar} with the given {@code callbridge.*} settings on a free loopback port, pinned to
     * {@code cpus} with taskset when given, and waits until it answers.
     */
    public static BridgeProcess launch(Path javaBin, Path jar, List<String> jvmArgs, List<String> settings, String cpus,
                                       Path log, HttpClient http) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        if (!cpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        cmd.add(javaBin.toString());
        cmd.add(shippedJvmOptions(jar, log.toAbsolutePath().resolveSibling("jvm.options"))
                .map(options -> "@" + options).orElse("--sun-misc-unsafe-memory-access=allow"));
        cmd.addAll(jvmArgs); // after the shipped options: these win
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--callbridge.public-url=http://127.0.0.1:" + port, "--callbridge.transport.stream-port=0"));
        settings.forEach(s -> cmd.add("--" + s));
        var bridge = new BridgeProcess(URI.create("http://127.0.0.1:" + port), Optional.empty(), OptionalLong.empty(), http,
                cmd, log);
        bridge.start(ProcessBuilder.Redirect.to(log.toFile()));
        return bridge;
    }

    /**
     * The JVM options the bridge ships with ({@code bridge/jvm.options}, a launcher argument file packed into the
     * jar), copied to {@code to}; empty for a jar without them. The soak runs the bridge as it ships.
     */
    static Optional<Path> shippedJvmOptions(Path jar, Path to) throws IOException {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            var entry = zip.getEntry("BOOT-INF/classes/jvm.options");
            if (entry == null) {
                return Optional.empty();
            }
            try (var in = zip.getInputStream(entry)) {
                Files.write(to, in.readAllBytes());
            }
            return Optional.of(to);
        }
    }

    /** Starts the command and waits until the bridge answers. */
    private void start(ProcessBuilder.Redirect output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        process = Optional.of(p);
        pid = OptionalLong.of(p.pid());
        var bridge = this;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("bridge exited with " + p.exitValue() + "; see " + log);
            }
            if (bridge.stats().isPresent()) {
                return;
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("bridge did not answer within 90 s; see " + log);
    }

    /**
     * Kills a launched bridge as {@code kill -9} does (no shutdown hook, no drain) and starts it again on the same
     * port and settings, its log appended. Returns the milliseconds it was away.
     */
    public long killAndRestart() throws IOException, InterruptedException {
        Process p = process.orElseThrow(() -> new IllegalStateException("only a launched bridge can be killed"));
        long t0 = System.nanoTime();
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        Files.writeString(log, "\n==== killed with SIGKILL (exit " + p.exitValue() + "); restarting ====\n",
                java.nio.file.StandardOpenOption.APPEND);
        start(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public URI url() {
        return url;
    }

    /** The bridge's {@code /stats} JSON, if it answers. */
    public Optional<String> stats() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/stats")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** CPU seconds the process has used in user space and in the kernel, from {@code /proc/<pid>/stat}. */
    public Optional<CpuTime> cpu() {
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid.getAsLong() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime (fields 14 and 15) in clock ticks; USER_HZ is 100 on Linux
            return Optional.of(new CpuTime(Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Resident set size in bytes, from {@code /proc/<pid>/status}. */
    public OptionalLong rssBytes() {
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return ProcStatus.field(String.valueOf(pid.getAsLong()), "VmRSS")
                    .map(kb -> OptionalLong.of(Long.parseLong(kb.replaceAll("\\D", "")) * 1024))
                    .orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** CPU seconds in user space and in the kernel (the system calls and the network stack work they do). */
    public record CpuTime(double user, double system) {
        public double total() {
            return user + system;
        }

        public CpuTime minus(CpuTime earlier) {
            return new CpuTime(user - earlier.user, system - earlier.system);
        }
    }

    /** Stops a launched bridge with SIGTERM (graceful: calls finish, mails drain) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        Optional<Process> process = this.process;
        if (process.isPresent()) {
            Process p = process.get();
            p.destroy();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
