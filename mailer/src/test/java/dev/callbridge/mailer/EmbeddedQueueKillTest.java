package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.OutboxMailSender;
import dev.callbridge.mailer.queue.EmbeddedQueue;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.QueueMessage;
import dev.callbridge.mailer.queue.Spool;
import dev.callbridge.mailer.queue.SpoolingPublisher;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import dev.callbridge.mailer.queue.SummaryQueue;
import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's local mail path (spool → embedded, in-memory SQS → consumer) across hard kills: a summary handed to
 * the queue but not mailed when the process dies is mailed by the next one, and one mailed but not yet confirmed to
 * the spool is not mailed twice. A kill is modelled by dropping the queue (it lives in memory) and the publisher
 * without letting anything finish.
 */
class EmbeddedQueueKillTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:05:09Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Origin ORIGIN = new Origin("media-stream", "CA0077", "+15550001111", "+15550002222",
            "127.0.0.1", "test");

    @Test
    void aSummaryTheKilledProcessHandedToItsQueueIsMailedOnceByTheNext(@TempDir Path dir) throws Exception {
        Path spoolDir = dir.resolve("spool");
        Path outbox = dir.resolve("outbox");
        var ledger = new FileDeliveryLedger(dir.resolve("ledger"), CLOCK, DeliveryLedger.DEFAULT_LEASE);
        MailRequest request = MailRequest.call(Summaries.twoTurns("CA0077"), MailSettings.DEFAULT_ZONE, "",
                MailRequest.DEFAULT_QUEUE_CAP_BYTES, MailRequest.Summary.NOT_REQUESTED);

        // 1. Handed to the queue; the process dies before its consumer mails it (and after the consumer claimed it).
        try (var queue = new EmbeddedQueue(0, Duration.ofSeconds(30), 5);
             var publisher = SpoolingPublisher.untilDelivered(new Spool(spoolDir),
                     new SummaryQueue(queue.sqs(), queue.queueUrl()), Duration.ofMillis(100), Duration.ofSeconds(1))) {
            publisher.submit(request, ORIGIN);
            Await.until(() -> publisher.published() == 1, WAIT, "the hand-over to the queue");
            ledger.claim(request.id());
            System.out.printf("handed over: expected 1 still spooled, actual %d (in flight %d)%n",
                    new Spool(spoolDir).size(), publisher.inFlight());
            assertEquals(1, new Spool(spoolDir).size(), "the spool keeps it until it is mailed");
        }

        // 2. The next process: stale claims given back, the spool handed over again, the mail goes out.
        assertEquals(1, ledger.releaseAll(), "the claim the killed consumer left");
        SummaryConsumer consumer = restartAndDrain(spoolDir, outbox, ledger);
        System.out.printf("after restart: expected 1 mail and an empty spool, actual %d mails, %d spooled%n",
                mails(outbox).size(), new Spool(spoolDir).size());
        assertEquals(1, mails(outbox).size());
        assertEquals(0, consumer.duplicates());

        // 3. Killed after the mail but before the spool heard of it: the next process finds it mailed and only
        //    clears the spool.
        new Spool(spoolDir).put(new Spool.Entry(request, ORIGIN));
        SummaryConsumer again = restartAndDrain(spoolDir, outbox, ledger);
        System.out.printf("mailed but still spooled: expected 1 mail and 1 duplicate skipped, actual %d mails, %d duplicates%n",
                mails(outbox).size(), again.duplicates());
        assertEquals(1, mails(outbox).size());
        assertEquals(1, again.duplicates());
    }

    @Test
    void aDeliveryClaimedByAnotherThatHasNotSentItFailsAndIsRetriedInsteadOfSkipped(@TempDir Path dir)
            throws Exception {
        Path outbox = dir.resolve("outbox");
        var ledger = new FileDeliveryLedger(dir.resolve("ledger"), CLOCK, DeliveryLedger.DEFAULT_LEASE);
        var consumer = new SummaryConsumer(new MailComposer(MailSettings.DEFAULTS), new OutboxMailSender(outbox),
                ledger, CLOCK);
        MailRequest request = MailRequest.call(Summaries.twoTurns("CA0078"), MailSettings.DEFAULT_ZONE, "",
                MailRequest.DEFAULT_QUEUE_CAP_BYTES, MailRequest.Summary.NOT_REQUESTED);
        var message = new QueueMessage("m-1", MailRequestCodec.encode(request), java.util.Map.of());
        ledger.claim(request.id()); // a delivery that died before sending (its lease still runs)

        List<String> failed = consumer.handle(List.of(message));
        System.out.printf("held by another: expected [m-1] failed and no mail, actual %s and %d mails%n", failed,
                mails(outbox).size());
        assertEquals(List.of("m-1"), failed, "failed, so the queue delivers it again");
        assertEquals(0, mails(outbox).size());
        assertEquals(0, consumer.duplicates(), "not counted as already mailed");

        ledger.release(request.id()); // the lease lapses (or a restart gives the claim back)
        assertEquals(List.of(), consumer.handle(List.of(message)));
        assertEquals(1, mails(outbox).size());
    }

    /** A fresh queue, publisher, consumer and poller over the same folders, run until the spool is empty. */
    private static SummaryConsumer restartAndDrain(Path spoolDir, Path outbox, FileDeliveryLedger ledger)
            throws Exception {
        try (var queue = new EmbeddedQueue(0, Duration.ofSeconds(30), 5);
             var publisher = SpoolingPublisher.untilDelivered(new Spool(spoolDir),
                     new SummaryQueue(queue.sqs(), queue.queueUrl()), Duration.ofMillis(100), Duration.ofSeconds(1))) {
            var consumer = new SummaryConsumer(new MailComposer(MailSettings.DEFAULTS), new OutboxMailSender(outbox),
                    ledger, CLOCK, publisher::delivered);
            try (var poller = new SqsPoller(queue.sqs(), queue.queueUrl(), consumer)) {
                Await.until(() -> new Spool(spoolDir).size() == 0, WAIT, "the spool emptied by deliveries");
            }
            return consumer;
        }
    }

    private static List<Path> mails(Path outbox) throws Exception {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = Files.list(outbox)) {
            return files.filter(p -> p.toString().endsWith(".eml")).toList();
        }
    }
}
