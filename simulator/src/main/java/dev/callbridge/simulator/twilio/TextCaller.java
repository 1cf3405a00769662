package dev.callbridge.simulator.twilio;

import dev.callbridge.simulator.text.CallerLines;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
            URI webhook = bridge.resolve("/twilio/voice?mode=text"
                    + processor.map(p -> "&processor=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).orElse(""));
            TwiML twiml = TwiML.parse(TwilioSide.webhook(http, webhook, callSid, signer));
            WebSocket ws = TwilioSide.connect(http, twiml.relayUrl(), signer, TwilioSide.listener(text -> {
                try {
                    inbox.add(ConversationRelayCodec.decodeCommand(text));
                } catch (RuntimeException e) {
                    problems.add("Twilio would reject what the bridge sent (error 64107): " + e.getMessage());
                }
            }, closed));
            send(ws, new RelayMessage.Setup("VX" + callSid.substring(2), "ACsimulator", callSid,
                    TwilioSide.from(callSid), TwilioSide.TO, "inbound", twiml.parameters()));
            converse(ws, inbox, closed, expected, problems, start);
            TwilioSide.hangUp(ws, "stop", closed, problems, "relay socket");
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

    private static void send(WebSocket ws, RelayMessage message) {
        ws.sendText(ConversationRelayCodec.encodeMessage(message), true).join();
    }
}
