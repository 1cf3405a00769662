package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.callbridge.mailer.lambda.MailerConfig;
import dev.callbridge.mailer.lambda.MailerHandler;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.AwsClients;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.SesMailSender;
import dev.callbridge.mailer.mail.Utf8;
import dev.callbridge.mailer.queue.DirectPublisher;
import dev.callbridge.mailer.queue.EmbeddedQueue;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.Spool;
import dev.callbridge.mailer.queue.SpoolingPublisher;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import dev.callbridge.mailer.queue.SummaryQueue;
import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequest.Kind;
import dev.callbridge.mailer.request.MailRequest.Summary;
import dev.callbridge.mailer.ses.SesEmulator;
import dev.callbridge.mailer.ses.SesEmulator.StoredMail;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail pipeline with real parts on loopback: ElasticMQ (SQS API) → {@link SqsPoller} → {@link SummaryConsumer} →
 * SES v2 API of {@code aws-ses-v2-local}; every mail is read back from the emulator and checked.
 */
class SesPipelineTest {
    private static final Instant SEND_TIME = Instant.parse("2026-11-22T04:05:09Z"); // 13:05:09 JST
    private static final String STAMP = "2026-11-22 13:05:09 JST";
    private static final String ATTACHMENT = "20261122-130509.txt";
    private static final Clock CLOCK = Clock.fixed(SEND_TIME, ZoneOffset.UTC);
    private static SesEmulator ses;
    private static EmbeddedQueue queue;

    @TempDir
    Path ledger;
    private SummaryConsumer consumer;
    private SqsPoller poller;

    @BeforeAll
    static void start() throws Exception {
        ses = SesEmulator.start(0);
        queue = new EmbeddedQueue(0, Duration.ofSeconds(1), 3);
    }

    @AfterAll
    static void stop() {
        queue.close();
        ses.close();
    }

    @BeforeEach
    void clean() throws Exception {
        ses.clear();
        consumer = consumer(ses.endpoint());
    }

    @AfterEach
    void stopPoller() {
        if (poller != null) {
            poller.close();
        }
        queue.sqs().purgeQueue(b -> b.queueUrl(queue.queueUrl()));
        queue.sqs().purgeQueue(b -> b.queueUrl(queue.deadLetterUrl()));
    }

    private SummaryConsumer consumer(URI sesEndpoint) {
        return new SummaryConsumer(new MailComposer(MailSettings.DEFAULTS),
                new SesMailSender(AwsClients.ses("us-east-1", Optional.of(sesEndpoint))),
                new FileDeliveryLedger(ledger, CLOCK, Duration.ofMinutes(5)), CLOCK);
    }

    private void publish(MailRequest request) {
        new SummaryQueue(queue.sqs(), queue.queueUrl()).publish(request, origin(request.id()));
    }

    private static Origin origin(String id) {
        return new Origin("test", id, "+15550001111", "+15550002222", "127.0.0.1", "ses-pipeline-test");
    }

    private List<StoredMail> awaitMails(int n) throws Exception {
        Await.until(() -> {
            try {
                return ses.mails().size() >= n;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), n + " mail(s) in the SES emulator");
        return ses.mails();
    }

    private static Path dataFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("data").resolve(name))) {
                return dir.resolve("data").resolve(name);
            }
        }
        throw new IllegalStateException("data/" + name + " not found");
    }

    private static void assertBodyIsFirstTenKilobytes(String text, StoredMail mail) {
        String first = Utf8.truncate(text, MailSettings.DEFAULT_BODY_LIMIT_BYTES);
        String expectedBody = first + "\n\n[… the body stops after 10240 bytes; the whole text is in the attachment "
                + ATTACHMENT + "]\n";
        System.out.printf("body: expected %d bytes (10 KB of text + note), actual %d%n", Utf8.length(expectedBody),
                Utf8.length(mail.text()));
        assertEquals(expectedBody.strip(), mail.text().strip());
    }

    @Test
    void theTwoHundredKilobyteConversationFileArrivesWhole() throws Exception {
        String text = Files.readString(dataFile("client-server-conversation.txt"), StandardCharsets.UTF_8);
        publish(MailRequest.of(Kind.CONVERSATION_FILE, "conv-1", "", "Conversation file client-server-conversation.txt",
                text, MailRequest.DEFAULT_QUEUE_CAP_BYTES, Summary.NOT_REQUESTED));
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        StoredMail mail = awaitMails(1).getFirst();
        System.out.printf("subject: %s; attachment %s of %,d bytes (file %,d)%n", mail.subject(),
                mail.attachments().getFirst().filename(), Utf8.length(mail.attachments().getFirst().content()), Utf8.length(text));
        assertEquals("[callbridge] Conversation file client-server-conversation.txt — " + STAMP, mail.subject());
        assertEquals(List.of(MailSettings.DEFAULT_RECIPIENT), mail.to());
        assertEquals(ATTACHMENT, mail.attachments().getFirst().filename());
        assertEquals(text, mail.attachments().getFirst().content());
        assertBodyIsFirstTenKilobytes(text, mail);
        assertFalse(mail.text().contains("only part of the conversation"));
    }

    @Test
    void aThreeHundredKilobyteTextIsCutToTheQueueCapAndTheMailSaysSo() throws Exception {
        String line = "client: これは三百キロバイトのテキストです — line of a long conversation.\n";
        String text = line.repeat(300 * 1024 / Utf8.length(line) + 1);
        MailRequest request = MailRequest.of(Kind.CONVERSATION_FILE, "conv-300k", "ops@example.org", "Conversation 300 KB",
                text, MailRequest.DEFAULT_QUEUE_CAP_BYTES, Summary.NOT_REQUESTED);
        publish(request);
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        StoredMail mail = awaitMails(1).getFirst();
        String attachment = mail.attachments().getFirst().content();
        String note = String.format("Note: only part of the conversation was recorded: the first %,d of %,d bytes were "
                + "kept, the rest was cut before queueing.", Utf8.length(request.text()), Utf8.length(text));
        System.out.println("expected note: " + note);
        System.out.println("body starts:   " + mail.text().lines().findFirst().orElse(""));
        assertTrue(Utf8.length(request.text()) <= MailRequest.DEFAULT_QUEUE_CAP_BYTES
                && Utf8.length(request.text()) > MailRequest.DEFAULT_QUEUE_CAP_BYTES - 4, "cut at the cap, on a character");
        assertTrue(text.startsWith(request.text()));
        assertEquals("[callbridge] Conversation 300 KB — " + STAMP, mail.subject());
        assertEquals(List.of("ops@example.org"), mail.to());
        assertTrue(mail.text().startsWith(note), "the body opens with the note");
        assertEquals(request.text() + "\n\n" + note + "\n", attachment);
    }

    /** A persona's route: its own recipients (a comma-separated list in the request) and subject prefix. */
    @Test
    void aCallSummaryGoesToEachOfItsRecipientsWithItsSubjectPrefix() throws Exception {
        var call = Summaries.twoTurns("CA7010");
        publish(MailRequest.call(call, MailSettings.DEFAULT_ZONE, "workshop@example.org, owner@example.org",
                "[Spoke & Chain]", MailRequest.DEFAULT_QUEUE_CAP_BYTES, Summary.NOT_REQUESTED));
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        StoredMail mail = awaitMails(1).getFirst();
        String expected = "to [workshop@example.org, owner@example.org]; subject [callbridge] [Spoke & Chain] Call "
                + "+15550001111 → +15550002222 — " + STAMP;
        String actual = "to " + mail.to() + "; subject " + mail.subject();
        System.out.printf("a persona's route through SES:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void nineKilobytesFitTheBodyAndElevenDoNot() throws Exception {
        String nine = "n".repeat(9 * 1024 - 1) + "\n";
        String eleven = "e".repeat(11 * 1024 - 1) + "\n";
        publish(MailRequest.of(Kind.TEST, "body-9k", "", "Body 9 KB", nine, 204_800, Summary.NOT_REQUESTED));
        publish(MailRequest.of(Kind.TEST, "body-11k", "", "Body 11 KB", eleven, 204_800, Summary.NOT_REQUESTED));
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        var mails = awaitMails(2);
        StoredMail m9 = mails.stream().filter(m -> m.subject().startsWith("[callbridge] Body 9 KB")).findFirst().orElseThrow();
        StoredMail m11 = mails.stream().filter(m -> m.subject().startsWith("[callbridge] Body 11 KB")).findFirst().orElseThrow();
        System.out.printf("9 KB: body %d bytes, expected %d; 11 KB: body text part %d bytes%n", Utf8.length(m9.text().strip()),
                9 * 1024 - 1, Utf8.length(m11.text()));
        assertEquals(nine.strip(), m9.text().strip(), "9 KB: the whole text is the body, no note");
        assertEquals(nine, m9.attachments().getFirst().content());
        assertBodyIsFirstTenKilobytes(eleven, m11);
        assertEquals(eleven, m11.attachments().getFirst().content());
        assertEquals(ATTACHMENT, m11.attachments().getFirst().filename());
    }

    @Test
    void aMessageDeliveredTwiceIsMailedOnce() throws Exception {
        MailRequest request = MailRequest.call(Summaries.twoTurns("CA7001"), MailSettings.DEFAULT_ZONE, "", 204_800,
                Summary.NOT_REQUESTED);
        publish(request);
        publish(request); // a second delivery of the same call, as SQS may make
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        Await.until(() -> poller.handled() == 2, Duration.ofSeconds(30), "both deliveries handled");
        Thread.sleep(300);
        var mails = ses.mails();
        System.out.printf("mails: expected 1, actual %d; skipped duplicates: expected 1, actual %d%n", mails.size(),
                consumer.duplicates());
        assertEquals(1, mails.size());
        assertEquals(1, consumer.duplicates());
        assertEquals("[callbridge] Call +15550001111 → +15550002222 — " + STAMP, mails.getFirst().subject());
        assertTrue(mails.getFirst().attachments().getFirst().content()
                .contains("] caller: Hi, I'd like to book a table.\n"));
    }

    /**
     * One call SID, two streams (a stream re-attached, a call handed off and back, a harness reusing SIDs): two
     * summaries, two mails. Keyed on the call SID alone, the second was skipped as "already mailed".
     */
    @Test
    void twoSummariesOfOneCallSidAreBothMailedAndEachRedeliveryOnce() throws Exception {
        var first = Summaries.twoTurns("CA7002");
        var second = new dev.callbridge.mailer.summary.CallSummary(first.channel(), first.callId(), "MZ7002second",
                first.from(), first.to(), "", first.startedAt().plusSeconds(120), first.endedAt().plusSeconds(120),
                first.endReason(), first.turns(), first.counters(), "");
        for (var call : List.of(first, second, first)) { // the first delivered twice
            publish(MailRequest.call(call, MailSettings.DEFAULT_ZONE, "", 204_800, Summary.NOT_REQUESTED));
        }
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);
        Await.until(() -> poller.handled() == 3, Duration.ofSeconds(30), "three deliveries handled");
        Thread.sleep(300);
        var streams = ses.mails().stream().flatMap(m -> m.attachments().getFirst().content().lines())
                .filter(l -> l.startsWith("Stream SID: ")).sorted().toList();
        System.out.println("mails: expected [Stream SID: MZ7002, Stream SID: MZ7002second], actual " + streams
                + "; duplicates skipped: expected 1, actual " + consumer.duplicates());
        assertEquals(List.of("Stream SID: MZ7002", "Stream SID: MZ7002second"), streams);
        assertEquals(1, consumer.duplicates());
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueAndTheOthersAreMailed() throws Exception {
        queue.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl()).messageBody("{\"version\":2,\"id\":\"x\"}"));
        publish(MailRequest.of(Kind.TEST, "after-poison", "", "After poison", "fine\n", 2048, Summary.NOT_REQUESTED));
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);

        Await.until(() -> queue.depth(queue.deadLetterUrl()) == 1, Duration.ofSeconds(30), "the poison message in the DLQ");
        var mails = ses.mails();
        System.out.printf("DLQ depth: expected 1, actual %d; failed attempts: expected 3, actual %d; mails: expected 1, actual %d%n",
                queue.depth(queue.deadLetterUrl()), poller.failed(), mails.size());
        assertEquals(1, mails.size());
        assertEquals("[callbridge] After poison — " + STAMP, mails.getFirst().subject());
        assertEquals(3, poller.failed(), "maxReceiveCount deliveries, then the DLQ");
        assertEquals(1, poller.handled());
        String dead = queue.sqs().receiveMessage(b -> b.queueUrl(queue.deadLetterUrl())).messages().getFirst().body();
        assertEquals("{\"version\":2,\"id\":\"x\"}", dead, "kept as it came, for inspection");
    }

    @Test
    void sesFailingThenRecoveringLosesNothingAndSendsOnce() throws Exception {
        int port = ses.port();
        ses.close(); // SES unreachable
        publish(MailRequest.of(Kind.TEST, "ses-outage", "", "During an SES outage", "kept until SES is back\n", 2048,
                Summary.NOT_REQUESTED));
        poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer);
        Await.until(() -> poller.failed() >= 1, Duration.ofSeconds(60), "a failed send while SES is down");
        System.out.println("failed attempts while SES was down: " + poller.failed());

        ses = SesEmulator.start(port); // back
        var mails = awaitMails(1);
        Await.until(() -> poller.handled() == 1, Duration.ofSeconds(10), "the message deleted");
        System.out.printf("after recovery: mails expected 1, actual %d; handled %d%n", mails.size(), poller.handled());
        assertEquals(1, mails.size());
        assertEquals("[callbridge] During an SES outage — " + STAMP, mails.getFirst().subject());
        assertEquals("kept until SES is back\n", mails.getFirst().attachments().getFirst().content());
        assertEquals(0, queue.depth(queue.deadLetterUrl()));
    }

    @Test
    void theQueueDownAtCallEndKeepsTheSummaryOnDiskAcrossARestartUntilItIsBack(@TempDir Path spoolDir) throws Exception {
        int port;
        try (var probe = new EmbeddedQueue(0, Duration.ofSeconds(1), 3)) {
            port = probe.port();
        }
        String queueUrl = "http://127.0.0.1:" + port + "/000000000000/" + EmbeddedQueue.QUEUE;
        MailRequest call = MailRequest.call(Summaries.twoTurns("CA7002"), MailSettings.DEFAULT_ZONE, "", 204_800,
                Summary.NOT_REQUESTED);
        try (var sqs = AwsClients.sqs("us-east-1", Optional.of(URI.create("http://127.0.0.1:" + port)));
             var publisher = new SpoolingPublisher(new Spool(spoolDir), new SummaryQueue(sqs, queueUrl),
                     Duration.ofMillis(100), Duration.ofMillis(500))) {
            publisher.submit(call, origin("CA7002")); // the call ends while the queue is down
            Await.until(() -> publisher.failures() >= 1, Duration.ofSeconds(30), "a failed hand-over");
            System.out.printf("queue down: failures %d, spooled %d%n", publisher.failures(), publisher.pending());
            assertEquals(1, publisher.pending());
        } // the bridge stops with the summary still spooled
        assertTrue(Files.exists(spoolDir.resolve("CA7002:MZ7002.json")), "spooled under the call and stream SIDs");

        try (var back = new EmbeddedQueue(port, Duration.ofSeconds(1), 3);
             var poller2 = new SqsPoller(back.sqs(), back.queueUrl(), consumer);
             var restarted = new SpoolingPublisher(new Spool(spoolDir), new SummaryQueue(back.sqs(), back.queueUrl()),
                     Duration.ofMillis(100), Duration.ofMillis(500))) {
            assertEquals(queueUrl, back.queueUrl());
            var mails = awaitMails(1);
            Await.until(() -> restarted.pending() == 0, Duration.ofSeconds(10), "the spool drained");
            System.out.printf("after restart: published %d, spooled %d, mails %d%n", restarted.published(),
                    restarted.pending(), mails.size());
            assertEquals(1, restarted.published());
            assertEquals("[callbridge] Call +15550001111 → +15550002222 — " + STAMP, mails.getFirst().subject());
            assertTrue(mails.getFirst().attachments().getFirst().content().contains("Call SID: CA7002\n"));
        }
    }

    @Test
    void theLambdaHandlerReportsOnlyTheFailedRecords() throws Exception {
        var handler = new MailerHandler(MailerConfig.fromEnv(Map.of(MailerConfig.SES_ENDPOINT, ses.endpoint().toString(),
                MailerConfig.LEDGER_FOLDER, ledger.toString(), MailerConfig.DEFAULT_RECIPIENT, "lambda@example.org"))
                .consumer(CLOCK));
        var good = record("m-good", dev.callbridge.mailer.request.MailRequestCodec.encode(MailRequest.of(Kind.ENDPOINT,
                "lambda-1", "", "Through the Lambda handler", "hello from the handler\n", 2048, Summary.NOT_REQUESTED)));
        var bad = record("m-bad", "not json");
        var event = new SQSEvent();
        event.setRecords(List.of(good, bad));

        SQSBatchResponse response = handler.handleRequest(event, null);
        var failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        System.out.println("batch item failures: expected [m-bad], actual " + failed);
        assertEquals(List.of("m-bad"), failed);
        var mails = awaitMails(1);
        assertEquals("[callbridge] Through the Lambda handler — " + STAMP, mails.getFirst().subject());
        assertEquals(List.of("lambda@example.org"), mails.getFirst().to());
    }

    private static SQSEvent.SQSMessage record(String id, String body) {
        var m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        var a = new SQSEvent.MessageAttribute();
        a.setStringValue("test");
        a.setDataType("String");
        m.setMessageAttributes(Map.of(Origin.ATTR_SOURCE, a));
        return m;
    }

    @Test
    void theDirectPathSendsThroughSesWithoutTheQueue() throws Exception {
        new DirectPublisher(consumer).publish(MailRequest.of(Kind.TEST, "direct-1", "", "Test mail", "direct\n", 2048,
                Summary.NOT_REQUESTED), origin("direct-1"));
        var mails = ses.mails();
        System.out.println("direct: " + mails.size() + " mail, subject " + mails.getFirst().subject());
        assertEquals(1, mails.size());
        assertEquals("[callbridge] Test mail — " + STAMP, mails.getFirst().subject());
        assertEquals(0, queue.depth(queue.queueUrl()));
    }
}
