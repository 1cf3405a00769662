package dev.callbridge.bridge;

import dev.callbridge.bridge.twilio.TwilioStreams;
import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.fake.FakeRealtimeServer;
import dev.callbridge.simulator.fake.Replies;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.script.CallScripts;
import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.twilio.TwilioSigner;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real bridge in this JVM on a loopback port, pointed at the Realtime stand-in (every event validated
 * against the official schema) and writing mails to a temporary outbox. Closing it shuts the bridge down
 * gracefully, which drains the mail queue.
 */
final class BridgeHarness implements AutoCloseable {
    static final Path DATA = Path.of("../data");

    final List<CallScript> scripts = CallScripts.load(DATA);
    final RelayProbe probe = new RelayProbe(System::nanoTime);
    final FakeRealtimeServer fake;
    final ConfigurableApplicationContext app;
    final URI url;
    final Path outbox;
    final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
    final TwilioSigner signer = new TwilioSigner(AUTH_TOKEN);

    BridgeHarness(Path work, String... extraArgs) throws Exception {
        this(work, FakeOptions.Faults.NONE, Optional.empty(), extraArgs);
    }

    /**
     * @param faults what the stand-in breaks on purpose
     * @param realtimeUrl where the bridge dials instead of the stand-in (to find nothing there)
     */
    BridgeHarness(Path work, FakeOptions.Faults faults, Optional<URI> realtimeUrl, String... extraArgs) throws Exception {
        this(work, faults, realtimeUrl, fake -> { }, extraArgs);
    }

    /** @param prepare sets the stand-in up before the bridge starts (e.g. retires a model in its catalog) */
    BridgeHarness(Path work, java.util.function.Consumer<FakeRealtimeServer> prepare, String... extraArgs) throws Exception {
        this(work, FakeOptions.Faults.NONE, Optional.empty(), prepare, extraArgs);
    }

    private BridgeHarness(Path work, FakeOptions.Faults faults, Optional<URI> realtimeUrl,
                          java.util.function.Consumer<FakeRealtimeServer> prepare, String... extraArgs) throws Exception {
        fake = new FakeRealtimeServer("127.0.0.1", 0, new Replies(scripts, -45, Optional.of(CallScripts.idlePrompt(DATA))),
                new FakeOptions(4.0, 100, 0.5, true, 11, faults), Optional.of(probe)).start();
        prepare.accept(fake);
        outbox = Files.createDirectories(work.resolve("outbox"));
        ConfigurableApplicationContext started = null;
        int port = 0;
        // The TwiML must name the port the bridge listens on, so it is chosen here; another socket (the stream
        // server's ephemeral port, say) may take it before Tomcat binds it: then again with another.
        for (int attempt = 1; started == null; attempt++) {
            port = freeLoopbackPort();
            List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                    "--callbridge.public-url=http://127.0.0.1:" + port, "--callbridge.transport.stream-port=0",
                    "--callbridge.realtime.url=" + realtimeUrl.orElse(fake.url()), "--callbridge.openai.api-key=test",
                    "--callbridge.mail.outbox=" + outbox, "--callbridge.instance-id=test",
                    "--callbridge.mail.spool=" + work.resolve("mail-spool"), "--callbridge.mail.ledger=" + work.resolve("mail-ledger"),
                    "--callbridge.calls.journal=" + work.resolve("call-journal"),
                    "--callbridge.recording.enabled=true", "--callbridge.recording.folder=" + work.resolve("recordings")));
            if (Arrays.stream(extraArgs).noneMatch(a -> a.startsWith("--callbridge.openai.base-url="))) {
                args.add("--callbridge.openai.base-url=" + fake.restUrl()); // summaries and the model check
            }
            if (Arrays.stream(extraArgs).noneMatch(a -> a.startsWith("--callbridge.twilio.auth-token="))) {
                args.add("--callbridge.twilio.auth-token=" + AUTH_TOKEN);
            }
            args.addAll(List.of(extraArgs));
            try {
                started = SpringApplication.run(BridgeApplication.class, args.toArray(String[]::new));
            } catch (RuntimeException e) {
                boolean portTaken = false;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    portTaken |= t instanceof org.springframework.boot.web.server.PortInUseException;
                }
                if (!portTaken || attempt == 3) {
                    fake.close(); // the bridge did not start: nothing else to close
                    throw e;
                }
            }
        }
        app = started;
        url = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
        if (!url.toString().endsWith(":" + port)) {
            throw new IllegalStateException("bridge listens at " + url + ", not on port " + port);
        }
    }

    /** A loopback port nobody listens on now (bound, then closed). */
    static int freeLoopbackPort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Something a test waits for; may read the bridge or its files. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code limit} has passed; the caller's assertions say what was missed. */
    static void waitUntil(Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Where the TwiML sends voice calls: the bridge's stream server. */
    URI mediaStreamUrl() {
        return app.getBean(TwilioStreams.class).mediaStream();
    }

    /** Where the TwiML sends text calls. */
    URI conversationRelayUrl() {
        return app.getBean(TwilioStreams.class).conversationRelay();
    }

    /** Waits up to {@code wait} for mails for all {@code callSids}; returns what is there. */
    Map<String, MailReader.SummaryMail> mails(List<String> callSids, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            var mails = MailReader.readAll(outbox, new ArrayList<>());
            if (mails.keySet().containsAll(callSids) || System.nanoTime() > deadline) {
                return mails;
            }
            Thread.sleep(100);
        }
    }

    /** Posts Twilio's voice webhook for {@code callSid}, signed as Twilio signs it unless {@code signed} is false. */
    HttpResponse<String> webhook(String callSid, boolean signed) throws Exception {
        return webhook(callSid, "+15559870002", "", signed);
    }

    /** The same for a call to {@code to}, with {@code query} ({@code ""} or {@code ?…}) on the webhook URL. */
    HttpResponse<String> webhook(String callSid, String to, String query, boolean signed) throws Exception {
        var form = new TreeMap<>(Map.of("CallSid", callSid, "From", "+15551230001", "To", to, "AccountSid", "AC1"));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String webhook = url + "/twilio/voice" + query;
        var request = HttpRequest.newBuilder(URI.create(webhook))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            request.header("X-Twilio-Signature", signer.sign(webhook, form));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The bridge's {@code GET /stats} counters. */
    @SuppressWarnings("unchecked")
    Map<String, Long> stats() throws Exception {
        String json = http.send(HttpRequest.newBuilder(url.resolve("/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Number> raw = new ObjectMapper().readValue(json, Map.class);
        return raw.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().longValue()));
    }

    @Override
    public void close() {
        app.close();
        fake.close();
    }
}
