package dev.callbridge.simulator.twilio;

import dev.callbridge.simulator.text.CallerLines;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plays Twilio ConversationRelay for one text call: asks the voice webhook (with {@code ?mode=text}) for TwiML,
 * opens the {@code <ConversationRelay>} socket it names, sends {@code setup}, then the caller's lines as final
 * {@code prompt}s: the first one carrying its send time, each next one 2–3 s (seeded) after the reply's last token,
 * until the duration has passed. Then it hangs up (closes the socket), as Twilio does when the caller does.
 */
public final class TextCaller {
    private static final DateTimeFormatter SENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.US);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI bridge;
    private final CallerLines lines;
    private final Duration duration;
    private final String callSid;
    private final Random random;
    private final Optional<String> processor;
    private final ZoneId zone;
    private final Clock clock;
    private final Optional<TwilioSigner> signer;

    /**
     * @param processor asks the webhook for this text processor ({@code &processor=}); empty for the bridge's choice
     * @param zone the zone of the send time in the first line (Tokyo by default)
     */
    public TextCaller(HttpClient http, URI bridge, CallerLines lines, Duration duration, String callSid, long seed,
                      Optional<String> processor, ZoneId zone, Clock clock, Optional<TwilioSigner> signer) {
        this.http = http;
        this.bridge = bridge;
        this.lines = lines;
        this.duration = duration;
        this.callSid = callSid;
        this.random = new Random(seed);
        this.processor = processor;
        this.zone = zone;
        this.clock = clock;
        this.signer = signer;
    }

    /** The first line's prefix: when it was sent. */
    public static String sentAt(java.time.Instant now, ZoneId zone) {
        return "[sent " + SENT.format(now.atZone(zone)) + "] ";
    }

    public CallResult call() {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<CallResult.ExpectedTurn> expected = new ArrayList<>();
        long start = System.nanoTime();
        BlockingQueue<RelayCommand> inbox = new LinkedBlockingQueue<>();
        var closed = new CompletableFuture<String>();
        try {
            TwiML twiml = TwiML.parse(webhook());
            URI relay = twiml.relayUrl();
            var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            signer.ifPresent(s -> builder.header("X-Twilio-Signature", s.sign(relay.toString(), Map.of())));
            WebSocket ws = builder.buildAsync(relay, listener(inbox, closed, problems)).get(15, TimeUnit.SECONDS);
            send(ws, new RelayMessage.Setup("VX" + callSid.substring(2), "ACsimulator", callSid, from(), to(), "inbound",
                    twiml.parameters()));
            converse(ws, inbox, closed, expected, problems, start);
            if (!closed.isDone()) {
                TwilioCaller.closeAfterStop(ws, closed);
            }
            String reason = closed.completeOnTimeout("no close from bridge", 5, TimeUnit.SECONDS).get();
            if (!reason.startsWith("1000")) {
                problems.add("bridge closed the relay socket with " + reason);
            }
        } catch (Exception e) {
            problems.add("call failed: " + e);
        }
        return new CallResult(callSid, "text", expected, 0, 0, 0, List.of(), Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(problems));
    }

    private void converse(WebSocket ws, BlockingQueue<RelayCommand> inbox, CompletableFuture<String> closed,
                          List<CallResult.ExpectedTurn> expected, List<String> problems, long start)
            throws InterruptedException {
        for (int n = 0; ; n++) {
            String line = lines.next(List.copyOf(expected));
            if (n == 0) {
                line = sentAt(clock.instant(), zone) + line;
            }
            send(ws, new RelayMessage.Prompt(line, "en-US", true));
            expected.add(new CallResult.ExpectedTurn("caller", line));
            Optional<String> reply = awaitReply(inbox, closed, problems, n);
            if (reply.isEmpty()) {
                return;
            }
            expected.add(new CallResult.ExpectedTurn("assistant", reply.get()));
            if (System.nanoTime() - start >= duration.toNanos()) {
                return;
            }
            Thread.sleep(2000 + random.nextInt(1001));
            if (closed.isDone()) {
                problems.add("relay socket closed by the bridge mid-call: " + closed.join());
                return;
            }
        }
    }

    /** The tokens of one reply, up to the one marked last; empty (and a problem noted) when none came whole. */
    private Optional<String> awaitReply(BlockingQueue<RelayCommand> inbox, CompletableFuture<String> closed,
                                        List<String> problems, int n) throws InterruptedException {
        StringBuilder reply = new StringBuilder();
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            RelayCommand command = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (command == null) {
                if (closed.isDone()) {
                    problems.add("relay socket closed by the bridge during reply " + (n + 1) + ": " + closed.join());
                    return Optional.empty();
                }
                continue;
            }
            switch (command) {
                case RelayCommand.Text t -> {
                    reply.append(t.token());
                    if (t.last()) {
                        return Optional.of(reply.toString());
                    }
                }
                case RelayCommand.End e -> {
                    problems.add("the bridge ended the session during reply " + (n + 1) + " (" + e.handoffData() + ")");
                    return Optional.empty();
                }
            }
        }
        problems.add("no complete reply to line " + (n + 1) + " within " + REPLY_TIMEOUT.toSeconds() + " s (got \""
                + reply + "\")");
        return Optional.empty();
    }

    private String from() {
        String digits = callSid.replaceAll("\\D", "");
        return "+15550100" + String.format("%3s", digits.length() > 3 ? digits.substring(digits.length() - 3) : digits)
                .replace(' ', '0');
    }

    private static String to() {
        return "+15550199000";
    }

    private String webhook() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("CallSid", callSid, "AccountSid", "ACsimulator",
                "From", from(), "To", to(), "CallStatus", "ringing", "Direction", "inbound", "ApiVersion", "2010-04-01"));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI webhook = bridge.resolve("/twilio/voice?mode=text"
                + processor.map(p -> "&processor=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).orElse(""));
        var request = HttpRequest.newBuilder(webhook).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        signer.ifPresent(s -> request.header("X-Twilio-Signature", s.sign(webhook.toString(), form)));
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("voice webhook answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static void send(WebSocket ws, RelayMessage message) {
        ws.sendText(ConversationRelayCodec.encodeMessage(message), true).join();
    }

    private WebSocket.Listener listener(BlockingQueue<RelayCommand> inbox, CompletableFuture<String> closed,
                                        List<String> problems) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        inbox.add(ConversationRelayCodec.decodeCommand(partial.toString()));
                    } catch (RuntimeException e) {
                        problems.add("Twilio would reject what the bridge sent (error 64107): " + e.getMessage());
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status + (reason.isEmpty() ? "" : " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete("error " + error);
            }
        };
    }
}
