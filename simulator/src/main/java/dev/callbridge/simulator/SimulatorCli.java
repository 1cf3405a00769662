package dev.callbridge.simulator;

import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.fake.FakeRealtimeServer;
import dev.callbridge.simulator.fake.Replies;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.script.CallScripts;
import dev.callbridge.simulator.soak.BridgeProcess;
import dev.callbridge.simulator.soak.CpuPinning;
import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.soak.RelayFloor;
import dev.callbridge.simulator.soak.SoakRunner;
import dev.callbridge.simulator.text.CallerLines;
import dev.callbridge.simulator.text.GeneratedLines;
import dev.callbridge.simulator.twilio.TextCaller;
import dev.callbridge.simulator.twilio.TwilioCaller;
import dev.callbridge.simulator.twilio.TwilioSigner;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar simulator.jar <command>}: see {@code --help}. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Plays Twilio's and (offline) OpenAI's side of phone calls through a callbridge bridge.",
        subcommands = {SimulatorCli.FakeOpenAi.class, SimulatorCli.Soak.class, SimulatorCli.Call.class,
                SimulatorCli.Demo.class})
public final class SimulatorCli {
    /** Caller speech louder than this counts as speech when trimming utterances (the fixtures peak at -3 dBFS). */
    static final double SPEECH_DB = -45;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCli()).execute(args));
    }

    static FakeRealtimeServer startFake(Path data, FakeOptions options, int port, Optional<RelayProbe> probe) {
        List<CallScript> scripts = CallScripts.load(data);
        return new FakeRealtimeServer("127.0.0.1", port, new Replies(scripts, SPEECH_DB,
                Optional.of(CallScripts.idlePrompt(data))), options, probe).start();
    }

    @Command(name = "fake-openai", description = "Run the offline Realtime GA stand-in on loopback until stopped.")
    static final class FakeOpenAi implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8089", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--data", defaultValue = "data", description = "Folder with calls/ and audio/ (default ${DEFAULT-VALUE}).")
        Path data;
        @Option(names = "--speedup", defaultValue = "4", description = "Reply audio streams this many times faster than real time.")
        double speedup;
        @Option(names = "--late-transcriptions", defaultValue = "0.3", description = "Share of caller transcriptions sent after the reply.")
        double late;
        @Option(names = "--validate", description = "Validate every event against the official schema.")
        boolean validate;
        @Option(names = "--model-shutdown", paramLabel = "ID=DATE",
                description = "GET /v1/models/ID answers this shutdown_date (YYYY-MM-DD, or none); repeatable. Try a bridge's model check.")
        java.util.Map<String, String> modelShutdowns = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws InterruptedException {
            var options = new FakeOptions(speedup, 100, late, validate, 42);
            try (var fake = startFake(data, options, port, Optional.empty())) {
                modelShutdowns.forEach(fake.models()::put);
                System.out.println("Realtime stand-in at " + fake.url() + " — point callbridge.realtime.url at it; Ctrl-C stops");
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }

    /** Options shared by soak, call and demo. */
    static class SoakOptions {
        @Option(names = "--calls", defaultValue = "10", description = "Parallel calls (default ${DEFAULT-VALUE}).")
        int calls;
        @Option(names = "--duration", defaultValue = "0s", converter = DurationConverter.class,
                description = "Minimum length of each call, e.g. 30s, 5m, 1h; calls loop their script until then (default one pass).")
        Duration duration;
        @Option(names = "--ramp", defaultValue = "10s", converter = DurationConverter.class, description = "Spread call starts over this time.")
        Duration ramp;
        @Option(names = "--warmup-calls", defaultValue = "0",
                description = "First run this many calls (verified, not measured), as a bridge that has served calls is warm (default ${DEFAULT-VALUE}).")
        int warmupCalls;
        @Option(names = "--warmup-duration", defaultValue = "20s", converter = DurationConverter.class,
                description = "Minimum length of each warm-up call (default ${DEFAULT-VALUE}).")
        Duration warmupDuration;
        @Option(names = "--data", defaultValue = "data", description = "Folder with calls/ and audio/.")
        Path data;
        @Option(names = "--bridge-jar", description = "Launch this bridge.jar against the in-process stand-in (default when --bridge-url is absent: bridge/target/bridge.jar).")
        Path bridgeJar;
        @Option(names = "--bridge-url", description = "Use an already running bridge (its Realtime URL is yours to set).")
        URI bridgeUrl;
        @Option(names = "--bridge-pid", description = "PID of the running bridge, for CPU and memory figures.")
        Long bridgePid;
        @Option(names = "--bridge-cpus", defaultValue = "", description = "Pin a launched bridge to these CPUs (taskset list, e.g. 0); "
                + "the simulator then keeps to the other CPUs unless --share-bridge-cpus.")
        String bridgeCpus;
        @Option(names = "--share-bridge-cpus", description = "Let the simulator run on the launched bridge's CPUs too (its work then counts as the bridge's latency).")
        boolean shareBridgeCpus;
        @Option(names = "--bridge-arg", description = "Extra bridge setting, e.g. --bridge-arg callbridge.audio.codec=pcmu (repeatable).")
        List<String> bridgeArgs = new ArrayList<>();
        @Option(names = "--relay-floor", defaultValue = "none", description = "Before a launched bridge's soak, measure "
                + "the relay floor with this script (bench/relay-floor/run.sh; needs a C compiler) and report the bridge's "
                + "CPU beside it as a ratio; none: skip (default ${DEFAULT-VALUE}).")
        Path relayFloor;
        @Option(names = "--relay-floor-length", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long the relay floor runs (default ${DEFAULT-VALUE}).")
        Duration relayFloorLength;
        @Option(names = "--bridge-jvm-arg", description = "JVM option for a launched bridge after its shipped ones (bridge/jvm.options), e.g. -Xmx1g (repeatable).")
        List<String> bridgeJvmArgs = new ArrayList<>();
        @Option(names = "--outbox", description = "Where the bridge writes mails (a launched bridge gets a fresh folder under --work).")
        Path outbox;
        @Option(names = "--work", defaultValue = "target/soak", description = "Folder for a launched bridge's outbox and log.")
        Path work;
        @Option(names = "--seed", defaultValue = "7", description = "Seeds pauses and the stand-in's choices.")
        long seed;
        @Option(names = "--mail-wait", defaultValue = "60s", converter = DurationConverter.class, description = "Wait this long for the last mails.")
        Duration mailWait;
        @Option(names = "--validate", description = "Validate every Realtime event both ways against the official schema.")
        boolean validate;
        @Option(names = "--twilio-auth-token", description = "Sign requests with this auth token, as Twilio does (a launched bridge gets a random one).")
        String twilioAuthToken;
        @Option(names = "--mode", defaultValue = "audio", description = "audio (Media Streams) or text (ConversationRelay) calls (default ${DEFAULT-VALUE}).")
        Mode mode;
        @Option(names = "--processor", description = "Text mode: ask the bridge for this text processor (echo, realtime-text, …); default the bridge's own choice.")
        String processor;
        @Option(names = "--caller-lines", defaultValue = "script", description = "Text mode: script (the client lines of --lines-file) or generated (a model plays the caller).")
        LineSource callerLines;
        @Option(names = "--lines-file", description = "Text mode: conversation file whose 'client:' lines the caller says (default <data>/client-server-conversation.txt).")
        Path linesFile;
        @Option(names = "--persona", defaultValue = "a busy customer who wants to book a bike repair for next week", description = "Generated callers: who the caller is.")
        String persona;
        @Option(names = "--opening-line", defaultValue = "Hello, I'd like to book a repair for my bike.", description = "Generated callers: the first line.")
        String openingLine;
        @Option(names = "--caller-model", defaultValue = "gpt-6-luna", description = "Generated callers: the model (default ${DEFAULT-VALUE}).")
        String callerModel;
        @Option(names = "--openai-base-url", description = "Generated callers: OpenAI-compatible REST base URL (default: the stand-in for a launched bridge, else https://api.openai.com/v1).")
        URI openaiBaseUrl;
        @Option(names = "--fault-max-session", defaultValue = "0s", converter = DurationConverter.class,
                description = "The stand-in ends each Realtime session after this long (session_expired, close 1001), as the real one does at 60 min; 0s: never.")
        Duration faultMaxSession;
        @Option(names = "--fault-drops-per-hour", defaultValue = "0", description = "The stand-in drops Realtime sockets at random, this many per session-hour.")
        double faultDropsPerHour;
        @Option(names = "--fault-reject-ratio", defaultValue = "0", description = "Share of Realtime connects the stand-in refuses with 503.")
        double faultRejectRatio;
        @Option(names = "--kill-bridge-after", converter = DurationConverter.class,
                description = "Kill the launched bridge with SIGKILL this long into the run, and start it again.")
        Duration killBridgeAfter;
        @Option(names = "--zone", defaultValue = "Asia/Tokyo", description = "Text mode: zone of the send time in the first line (default ${DEFAULT-VALUE}).")
        ZoneId zone;
    }

    enum Mode { audio, text }

    enum LineSource { script, generated }

    abstract static class SoakCommand implements Callable<Integer> {
        abstract SoakOptions options();

        abstract String label();

        /** The run's label: the command, and the mode when it is text. */
        String runLabel() {
            return options().mode == Mode.text ? label() + "-text" : label();
        }

        int afterwards(SoakRunner.Outcome outcome, Path outbox) throws Exception {
            return outcome.passed() ? 0 : 1;
        }

        /** Text calls last 30 s unless told otherwise; audio calls one pass of their script. */
        private static Duration duration(SoakOptions o) {
            return o.mode == Mode.text && o.duration.isZero() ? Duration.ofSeconds(30) : o.duration;
        }

        /** Makes each call of the run: a Media Streams caller replaying a script, or a ConversationRelay caller. */
        private static SoakRunner.CallMaker maker(SoakOptions o, Duration duration, HttpClient http, URI bridge,
                                                  Optional<RelayProbe> probe, Optional<TwilioSigner> signer, URI openaiBase,
                                                  List<AutoCloseable> resources) {
            if (o.mode == Mode.audio) {
                List<CallScript> scripts = CallScripts.load(o.data);
                return (i, callSid, seed) -> new TwilioCaller(http, bridge, scripts.get(i % scripts.size()), duration,
                        callSid, seed, probe, signer)::call;
            }
            Optional<String> processor = Optional.ofNullable(o.processor);
            java.util.function.IntFunction<CallerLines> lines;
            if (o.callerLines == LineSource.generated) {
                var client = OpenAIOkHttpClient.builder().baseUrl(openaiBase.toString())
                        .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "offline")).timeout(Duration.ofSeconds(30))
                        .maxRetries(2).build();
                resources.add(client::close);
                lines = i -> new GeneratedLines(client, o.callerModel, o.persona, o.openingLine);
            } else {
                List<String> script = CallerLines.clientLines(o.linesFile != null ? o.linesFile
                        : o.data.resolve("client-server-conversation.txt"));
                lines = i -> CallerLines.script(script, i * 37);
            }
            return (i, callSid, seed) -> new TextCaller(http, bridge, lines.apply(i), duration, callSid, seed, processor,
                    o.zone, Clock.systemUTC(), signer)::call;
        }

        /**
         * The warm-up calls, when asked for: run and verified like any others (a failure ends the run), then the
         * relay measurements start again. A bridge fresh from start-up has not yet run the code of a call's end;
         * when its first calls hang up, the JIT throws away compiled code of the relay path that had never seen a
         * close frame, and every call in progress waits while it compiles again. A bridge that has served calls
         * does not, which is what the figures should describe.
         */
        private static boolean warmUp(SoakOptions o, HttpClient http, BridgeProcess bridge, URI url, Optional<RelayProbe> probe,
                                      Optional<TwilioSigner> signer, URI openai, long runId, Optional<Path> outbox,
                                      List<AutoCloseable> resources) throws Exception {
            if (o.warmupCalls <= 0) {
                return true;
            }
            // Seeds and call SIDs of their own (run id − 1), so that no warm-up call repeats a measured one.
            var plan = new SoakRunner.Plan(o.warmupCalls, o.warmupDuration, Duration.ofSeconds(5), o.seed + 1_000_003, runId - 1,
                    outbox, o.mailWait, "warm-up", Optional.empty(), Optional.empty());
            var maker = maker(o, o.warmupDuration, http, url, probe, signer, openai, resources);
            var outcome = new SoakRunner(plan, maker, bridge, probe, System.out).run();
            if (!outcome.passed()) {
                System.out.println("the warm-up calls failed; nothing measured");
                return false;
            }
            probe.ifPresent(RelayProbe::restartMeasurements);
            System.out.println();
            return true;
        }

        @Override
        public Integer call() throws Exception {
            SoakOptions o = options();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                    .connectTimeout(Duration.ofSeconds(10)).build();
            long runId = System.currentTimeMillis();
            List<AutoCloseable> resources = new ArrayList<>();
            try {
                return run(o, http, runId, resources);
            } finally {
                for (AutoCloseable r : resources) {
                    r.close();
                }
            }
        }

        private Integer run(SoakOptions o, HttpClient http, long runId, List<AutoCloseable> resources) throws Exception {
            if (o.bridgeUrl != null) {
                var bridge = BridgeProcess.attach(o.bridgeUrl, o.bridgePid == null ? OptionalLong.empty() : OptionalLong.of(o.bridgePid), http);
                var signer = Optional.ofNullable(o.twilioAuthToken).map(TwilioSigner::new);
                URI openai = o.openaiBaseUrl != null ? o.openaiBaseUrl : URI.create("https://api.openai.com/v1");
                var plan = new SoakRunner.Plan(o.calls, duration(o), o.ramp, o.seed, runId, Optional.ofNullable(o.outbox),
                        o.mailWait, runLabel(), Optional.empty(), Optional.empty());
                if (!warmUp(o, http, bridge, o.bridgeUrl, Optional.empty(), signer, openai, runId, Optional.ofNullable(o.outbox), resources)) {
                    return 1;
                }
                var maker = maker(o, duration(o), http, o.bridgeUrl, Optional.empty(), signer, openai, resources);
                var outcome = new SoakRunner(plan, maker, bridge, Optional.empty(), System.out).run();
                return o.outbox == null ? (outcome.passed() ? 0 : 1) : afterwards(outcome, o.outbox);
            }
            if (!o.bridgeCpus.isBlank() && !o.shareBridgeCpus) {
                System.out.println(CpuPinning.keepOff(o.bridgeCpus));
            }
            var probe = new RelayProbe(System::nanoTime);
            var fakeOptions = new FakeOptions(4.0, 100, 0.3, o.validate, o.seed,
                    new FakeOptions.Faults(o.faultMaxSession, o.faultDropsPerHour, o.faultRejectRatio));
            Path runDir = o.work.resolve(runLabel() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now()));
            Path outbox = runDir.resolve("outbox");
            Files.createDirectories(outbox);
            Path jar = o.bridgeJar != null ? o.bridgeJar : Path.of("bridge/target/bridge.jar");
            Path java = ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java"));
            try (var fake = startFake(o.data, fakeOptions, 0, Optional.of(probe))) {
                // The launched bridge validates signatures and call tokens like a deployed one; we sign like Twilio.
                String authToken = o.twilioAuthToken != null ? o.twilioAuthToken
                        : HexFormat.of().formatHex(SecureRandom.getSeed(16));
                List<String> settings = new ArrayList<>(List.of("callbridge.realtime.url=" + fake.url(),
                        "callbridge.mail.outbox=" + outbox.toAbsolutePath(), "callbridge.openai.api-key=offline",
                        "callbridge.mail.spool=" + runDir.resolve("mail-spool").toAbsolutePath(),
                        "callbridge.mail.ledger=" + runDir.resolve("mail-ledger").toAbsolutePath(),
                        "callbridge.calls.journal=" + runDir.resolve("call-journal").toAbsolutePath(),
                        "callbridge.openai.base-url=" + fake.restUrl(),
                        "callbridge.twilio.auth-token=" + authToken));
                settings.addAll(o.bridgeArgs);
                System.out.println("launching " + jar + " (log: " + runDir.resolve("bridge.log") + ")");
                try (var bridge = BridgeProcess.launch(java, jar, o.bridgeJvmArgs, settings, o.bridgeCpus, runDir.resolve("bridge.log"), http)) {
                    // The floor first, on the same host in the same session, with the bridge launched and idle.
                    Optional<RelayFloor> floor = o.relayFloor.toString().equals("none") ? Optional.empty()
                            : RelayFloor.measure(o.relayFloor, o.calls, o.relayFloorLength, System.out);
                    var plan = new SoakRunner.Plan(o.calls, duration(o), o.ramp, o.seed, runId, Optional.of(outbox),
                            o.mailWait, runLabel(), Optional.ofNullable(o.killBridgeAfter), floor);
                    // The probe follows Media Streams audio; text calls have none.
                    Optional<RelayProbe> audioProbe = o.mode == Mode.audio ? Optional.of(probe) : Optional.empty();
                    URI openai = o.openaiBaseUrl != null ? o.openaiBaseUrl : fake.restUrl();
                    var signer = Optional.of(new TwilioSigner(authToken));
                    if (!warmUp(o, http, bridge, bridge.url(), audioProbe, signer, openai, runId, Optional.of(outbox), resources)) {
                        return 1;
                    }
                    var maker = maker(o, duration(o), http, bridge.url(), audioProbe, signer, openai, resources);
                    var outcome = new SoakRunner(plan, maker, bridge, audioProbe, System.out).run();
                    System.out.println("stand-in: " + fake.stats());
                    if (o.validate && !fake.violations().isEmpty()) {
                        System.out.println("schema violations: " + fake.violations());
                        return 1;
                    }
                    return afterwards(outcome, outbox);
                }
            }
        }
    }

    @Command(name = "soak", description = "Run N parallel calls through a bridge and verify every transcript and mail.")
    static final class Soak extends SoakCommand {
        @CommandLine.Mixin
        SoakOptions options = new SoakOptions();

        SoakOptions options() {
            return options;
        }

        String label() {
            return "soak";
        }
    }

    @Command(name = "call", description = "One verified call (soak with --calls 1 by default).")
    static final class Call extends SoakCommand {
        @CommandLine.Mixin
        SoakOptions options = new SoakOptions();

        SoakOptions options() {
            if (options.calls == 10) {
                options.calls = 1;
            }
            return options;
        }

        String label() {
            return "call";
        }
    }

    @Command(name = "demo", description = "The offline demo: launches the bridge, replays each call script once, shows a mail.")
    static final class Demo extends SoakCommand {
        @CommandLine.Mixin
        SoakOptions options = new SoakOptions();

        SoakOptions options() {
            if (options.calls == 10) {
                options.calls = 5;
            }
            options.ramp = Duration.ofSeconds(2);
            return options;
        }

        String label() {
            return "demo";
        }

        @Override
        int afterwards(SoakRunner.Outcome outcome, Path outbox) throws Exception {
            List<MailReader.SummaryMail> dup = new ArrayList<>();
            var mails = MailReader.readAll(outbox, dup);
            System.out.println();
            System.out.println("Summary mails (" + mails.size() + ") are in " + outbox.toAbsolutePath());
            mails.values().stream().findFirst().ifPresent(m -> {
                System.out.println("---- " + m.file().getFileName() + " ----");
                System.out.println("Subject: " + m.subject());
                System.out.println("Attachment: " + m.attachmentName());
                System.out.println();
                System.out.println(m.body());
            });
            System.out.println(outcome.passed() ? "DEMO OK: every call verified." : "DEMO FAILED: see the verification above.");
            return outcome.passed() ? 0 : 1;
        }
    }

    /** Reads 30s, 5m, 1h, 250ms or ISO-8601 (PT5M). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        }
    }
}
