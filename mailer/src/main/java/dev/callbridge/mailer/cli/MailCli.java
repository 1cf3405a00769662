package dev.callbridge.mailer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.AwsClients;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSender;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.OutboxMailSender;
import dev.callbridge.mailer.mail.SesMailSender;
import dev.callbridge.mailer.queue.DirectPublisher;
import dev.callbridge.mailer.queue.EmbeddedQueue;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import dev.callbridge.mailer.queue.SummaryQueue;
import dev.callbridge.mailer.request.MailRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mail commands: {@code send-test-email}, {@code send-conversation-email} (both through the summary queue and the
 * consumer to SES, or {@code --path direct} straight to SES), {@code send-bridge-email} (asks a running bridge to
 * queue a mail through its own spool, queue and consumer: {@code POST /mail}), and {@code generate-conversation}
 * (the committed data file). Without {@code --queue-url} the queue is an embedded SQS server with the consumer
 * running here; with one, the mail is only queued and the deployed consumer Lambda sends it.
 */
@Command(name = "mailer", mixinStandardHelpOptions = true, subcommands = {MailCli.SendTestEmail.class,
        MailCli.SendConversationEmail.class, MailCli.SendBridgeEmail.class, MailCli.GenerateConversation.class})
public final class MailCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new MailCli()).execute(args));
    }

    enum Route { queue, direct }

    /** Where and how to send; shared by the send commands. */
    static final class Delivery {
        @Option(names = "--recipient", description = "Default: ${DEFAULT-VALUE}")
        String recipient = MailSettings.DEFAULT_RECIPIENT;
        @Option(names = "--from", description = "Sender (an SES-verified identity). Default: ${DEFAULT-VALUE}")
        String from = MailSettings.DEFAULT_FROM;
        @Option(names = "--zone", description = "Zone of the send time in subject and attachment name. Default: ${DEFAULT-VALUE}")
        ZoneId zone = MailSettings.DEFAULT_ZONE;
        @Option(names = "--path", description = "queue (default) or direct (SES without the queue)")
        Route path = Route.queue;
        @Option(names = "--queue-url", description = "A deployed summary queue; the mail is only queued. Default: an embedded queue and the consumer here")
        String queueUrl = "";
        @Option(names = "--region", description = "AWS region. Default: ${DEFAULT-VALUE}")
        String region = "us-east-1";
        @Option(names = "--ses-endpoint", description = "An SES API stand-in such as aws-ses-v2-local, e.g. http://127.0.0.1:8005")
        URI sesEndpoint;
        @Option(names = "--outbox", description = "Write .eml files to this folder instead of sending through SES")
        Path outbox;
        @Option(names = "--ledger", description = "De-duplication ledger folder. Default: ${DEFAULT-VALUE}")
        Path ledger = Path.of("target", "mail-ledger");
        @Option(names = "--queue-cap-bytes", description = "Text beyond this is cut before queueing. Default: ${DEFAULT-VALUE}")
        int queueCapBytes = MailRequest.DEFAULT_QUEUE_CAP_BYTES;

        int send(MailRequest.Kind kind, String idPrefix, String source, String text) throws InterruptedException {
            Clock clock = Clock.systemUTC();
            String id = idPrefix + "-" + UUID.randomUUID();
            MailRequest request = MailRequest.of(kind, id, recipient, source, text, queueCapBytes, MailRequest.Summary.NOT_REQUESTED);
            Origin origin = new Origin("cli:" + idPrefix, id, "", "", "", host());
            System.out.printf("%s %s: %,d bytes%s, to %s by the %s path%n", kind.label(), id, request.originalBytes(),
                    request.truncated() ? " (cut to " + queueCapBytes + " on the queue)" : "", recipient, path);
            if (path == Route.direct) {
                new DirectPublisher(consumer(clock)).publish(request, origin);
                System.out.println("sent: " + destination());
                return 0;
            }
            if (!queueUrl.isBlank()) {
                try (var sqs = AwsClients.sqs(region, Optional.empty())) {
                    String messageId = new SummaryQueue(sqs, queueUrl).publish(request, origin);
                    System.out.println("queued as message " + messageId + " on " + queueUrl
                            + "; the consumer Lambda sends it (see its log group)");
                }
                return 0;
            }
            try (var queue = new EmbeddedQueue(0, Duration.ofSeconds(5), 3);
                 var poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer(clock))) {
                new SummaryQueue(queue.sqs(), queue.queueUrl()).publish(request, origin);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (poller.handled() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                if (poller.handled() == 0) {
                    System.err.println("not sent within 30 s (" + poller.failed() + " failed attempts; see the log)");
                    return 1;
                }
                System.out.println("queued, consumed and sent: " + destination());
                return 0;
            }
        }

        private SummaryConsumer consumer(Clock clock) {
            MailSender sender = outbox != null ? new OutboxMailSender(outbox)
                    : new SesMailSender(AwsClients.ses(region, Optional.ofNullable(sesEndpoint)));
            var settings = new MailSettings(from, MailSettings.DEFAULT_RECIPIENT, zone, MailSettings.DEFAULT_BODY_LIMIT_BYTES);
            return new SummaryConsumer(new MailComposer(settings), sender, new FileDeliveryLedger(ledger, clock,
                    DeliveryLedger.DEFAULT_LEASE), clock);
        }

        private String destination() {
            return outbox != null ? "folder " + outbox.toAbsolutePath()
                    : "SES " + (sesEndpoint != null ? sesEndpoint : "in " + region);
        }

        private static String host() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown-host";
            }
        }
    }

    @Command(name = "send-test-email", mixinStandardHelpOptions = true, description = "Sends a short test mail.")
    static final class SendTestEmail implements Callable<Integer> {
        @Mixin
        Delivery delivery;
        @Option(names = "--text", description = "Default: a line naming the host and time")
        String text;

        @Override
        public Integer call() throws InterruptedException {
            String body = text != null ? text : "This is a callbridge test mail from " + Delivery.host()
                    + ", sent " + java.time.ZonedDateTime.now(delivery.zone) + ".\n";
            return delivery.send(MailRequest.Kind.TEST, "test", "Test mail", body);
        }
    }

    @Command(name = "send-conversation-email", mixinStandardHelpOptions = true,
            description = "Mails a conversation text file (by default data/client-server-conversation.txt).")
    static final class SendConversationEmail implements Callable<Integer> {
        @Mixin
        Delivery delivery;
        @Option(names = "--file", description = "Default: ${DEFAULT-VALUE}")
        Path file = Path.of("data", "client-server-conversation.txt");

        @Override
        public Integer call() throws IOException, InterruptedException {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return delivery.send(MailRequest.Kind.CONVERSATION_FILE, "conversation",
                    "Conversation file " + file.getFileName(), text);
        }
    }

    @Command(name = "send-bridge-email", mixinStandardHelpOptions = true,
            description = "Checks a running bridge's mail path: POST /mail with its bearer token; the bridge queues "
                    + "the text like a call summary (subject \"Mail endpoint (bridge <instance>)\").")
    static final class SendBridgeEmail implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--bridge-url", required = true, description = "The bridge's base URL, e.g. https://bridge.example.com")
        URI bridgeUrl;
        @Option(names = "--token", defaultValue = "${env:CALLBRIDGE_MAIL_ENDPOINT_TOKEN}",
                description = "The bridge's callbridge.mail.endpoint-token. Default: $CALLBRIDGE_MAIL_ENDPOINT_TOKEN")
        String token;
        @Option(names = "--recipient", description = "Default: the bridge's callbridge.mail.recipient")
        String recipient;
        @Option(names = "--text", description = "Default: a line naming this host and the time")
        String text;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (token == null || token.isBlank()) {
                spec.commandLine().getErr().println("no token: pass --token or set CALLBRIDGE_MAIL_ENDPOINT_TOKEN "
                        + "(the bridge's callbridge.mail.endpoint-token)");
                return 2;
            }
            String body = text != null ? text : "This is a callbridge deployment check from " + Delivery.host()
                    + ", sent " + java.time.ZonedDateTime.now(MailSettings.DEFAULT_ZONE) + ".\n";
            var json = JSON.createObjectNode().put("text", body);
            if (recipient != null) {
                json.put("recipient", recipient);
            }
            URI endpoint = URI.create(bridgeUrl.toString().replaceAll("/+$", "") + "/mail");
            try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json))).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    spec.commandLine().getErr().printf("POST %s: no answer (%s)%n", endpoint, reason(e));
                    return 1;
                }
                if (response.statusCode() != 202) {
                    spec.commandLine().getErr().printf("POST %s: HTTP %d %s%n", endpoint, response.statusCode(), response.body());
                    return 1;
                }
                String id = JSON.readTree(response.body()).path("id").asText();
                spec.commandLine().getOut().printf("queued by the bridge as %s (POST %s: HTTP 202); the mail's subject "
                        + "starts \"[callbridge] Mail endpoint\"%n", id, endpoint);
                return 0;
            }
        }

        /** A one-line reason; the JDK's connect failures carry no message of their own. */
        private static String reason(IOException e) {
            if (e instanceof java.net.ConnectException) {
                return "cannot connect: " + (e.getMessage() != null ? e.getMessage() : "refused or unreachable");
            }
            return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.toString();
        }
    }

    @Command(name = "generate-conversation", mixinStandardHelpOptions = true,
            description = "Writes the deterministic client/server conversation file.")
    static final class GenerateConversation implements Callable<Integer> {
        @Option(names = "--out", description = "Default: ${DEFAULT-VALUE}")
        Path out = Path.of("data", "client-server-conversation.txt");
        @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}")
        long seed = ConversationFile.SEED;
        @Option(names = "--max-bytes", description = "Default: ${DEFAULT-VALUE}")
        int maxBytes = ConversationFile.MAX_BYTES;

        @Override
        public Integer call() throws IOException {
            String text = ConversationGenerator.generate(seed, maxBytes);
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.printf("wrote %s: %,d bytes, %d lines%n", out, text.getBytes(StandardCharsets.UTF_8).length,
                    text.lines().count());
            return 0;
        }
    }

    /** The committed file's parameters. */
    public static final class ConversationFile {
        public static final long SEED = 20261122L;
        public static final int MAX_BYTES = 200 * 1024;

        private ConversationFile() {}
    }
}
