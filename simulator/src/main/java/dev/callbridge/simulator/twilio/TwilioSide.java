package dev.callbridge.simulator.twilio;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What Twilio does the same way for every kind of call the simulator plays (Media Streams or ConversationRelay):
 * the signed voice webhook, the signed socket handshake, reading the bridge's messages, and hanging up.
 */
final class TwilioSide {
    /** The number every simulated call dials. */
    static final String TO = "+15550199000";

    private TwilioSide() {}

    /** The caller's number: {@code +15550100} and the call SID's last three digits. */
    static String from(String callSid) {
        String digits = callSid.replaceAll("\\D", "");
        String tail = digits.length() > 3 ? digits.substring(digits.length() - 3) : digits;
        return "+15550100" + String.format("%3s", tail).replace(' ', '0');
    }

    /** Posts the voice webhook as Twilio does (form, signed over the URL with its query) and returns the TwiML. */
    static String webhook(HttpClient http, URI webhook, String callSid, Optional<TwilioSigner> signer) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("CallSid", callSid, "AccountSid", "ACsimulator",
                "From", from(callSid), "To", TO, "CallStatus", "ringing", "Direction", "inbound", "ApiVersion", "2010-04-01"));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(webhook).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        signer.ifPresent(s -> request.header("X-Twilio-Signature", s.sign(webhook.toString(), form)));
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("voice webhook answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Opens the socket the TwiML names, with the handshake signature Twilio sends. */
    static WebSocket connect(HttpClient http, URI url, Optional<TwilioSigner> signer, WebSocket.Listener listener)
            throws Exception {
        var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        handshakeHeaders(url, signer).forEach(builder::header);
        return builder.buildAsync(url, listener).get(15, TimeUnit.SECONDS);
    }

    /** The headers Twilio sends on a stream's handshake: its signature of the URL, when signing. */
    static Map<String, String> handshakeHeaders(URI url, Optional<TwilioSigner> signer) {
        return signer.map(s -> Map.of("X-Twilio-Signature", s.sign(url.toString(), Map.of()))).orElse(Map.of());
    }

    /** A close as the reports word it: the status, then the reason if there is one. */
    static String closeStatus(int status, String reason) {
        return status + (reason.isEmpty() ? "" : " " + reason);
    }

    /** Notes in {@code problems} a close of {@code socket} by the bridge that was not a normal one (1000). */
    static void expectNormalClose(String closedBy, String socket, List<String> problems) {
        if (!closedBy.startsWith("1000")) {
            problems.add("bridge closed the " + socket + " with " + closedBy);
        }
    }

    /**
     * Hands each whole text message to {@code onMessage} as it arrives (fragments joined), and completes
     * {@code closed} with the bridge's close status and reason, or the error.
     */
    static WebSocket.Listener listener(Consumer<String> onMessage, CompletableFuture<String> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    onMessage.accept(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(closeStatus(status, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete("error " + error);
            }
        };
    }

    /**
     * Hangs up as Twilio does: closes our side and waits for the bridge's close, which must be a normal one (1000);
     * anything else is noted in {@code problems}. The bridge may close first: its close frame can arrive between any
     * check and our own close, and the JDK client then answers it itself and fails our {@code sendClose} with
     * "Output closed". That failure is fine exactly when the bridge's close has arrived (the listener records it
     * before the client answers it).
     */
    static void hangUp(WebSocket ws, String closeReason, CompletableFuture<String> closed, List<String> problems,
                       String socket) throws Exception {
        if (!closed.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, closeReason).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!closed.isDone()) {
                    throw e;
                }
            }
        }
        expectNormalClose(closed.completeOnTimeout("no close from bridge", 5, TimeUnit.SECONDS).get(), socket, problems);
    }
}
