package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.OutboxMailSender;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import dev.callbridge.mailer.queue.SummaryQueue;
import dev.callbridge.mailer.request.MailRequest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Producer → ElasticMQ (a real SQS API server on loopback) → poller → consumer → .eml in an outbox. */
class SummaryQueueTest {
    private static SQSRestServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void startSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
        server.stopAndWait();
    }

    @Test
    void aQueuedSummaryBecomesAMailWithOneBadMessageLeftBehind(@TempDir Path outbox) throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName("summaries-it")).queueUrl();
        var clock = Clock.fixed(Instant.parse("2026-11-22T04:05:09Z"), ZoneOffset.UTC);
        var consumer = new SummaryConsumer(new MailComposer(MailSettings.DEFAULTS), new OutboxMailSender(outbox),
                new FileDeliveryLedger(outbox.resolve("ledger"), clock, Duration.ofMinutes(5)), clock);
        new SummaryQueue(sqs, queueUrl).publish(MailRequest.call(Summaries.twoTurns("CA0042"), MailSettings.DEFAULT_ZONE,
                        "", MailRequest.DEFAULT_QUEUE_CAP_BYTES, MailRequest.Summary.NOT_REQUESTED),
                new Origin("media-stream", "CA0042", "+15550001111", "+15550002222", "127.0.0.1", "test"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"not\":\"a summary\"}"));

        try (var poller = new SqsPoller(sqs, queueUrl, consumer)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((poller.handled() < 1 || poller.failed() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf("handled: expected 1, actual %d; failed: expected ≥1, actual %d%n", poller.handled(), poller.failed());
            assertEquals(1, poller.handled());
            assertTrue(poller.failed() >= 1);
        }

        List<Path> mails;
        try (var files = Files.list(outbox)) {
            mails = files.filter(p -> p.toString().endsWith(".eml")).toList();
        }
        assertEquals(List.of(outbox.resolve("20261122-130509-CA0042_MZ0042.eml")), mails);
        MimeMessage message;
        try (InputStream in = Files.newInputStream(mails.getFirst())) {
            message = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertEquals("[callbridge] Call +15550001111 → +15550002222 — 2026-11-22 13:05:09 JST", message.getSubject());
        var parts = (Multipart) message.getContent();
        assertEquals(2, parts.getCount());
        String body = (String) parts.getBodyPart(0).getContent();
        Part attachment = parts.getBodyPart(1);
        System.out.println("attachment: " + attachment.getFileName());
        assertEquals("20261122-130509.txt", attachment.getFileName());
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertTrue(body.contains("caller: Hi, I'd like to book a table."));
        assertEquals(body, attachment.getContent());
    }
}
