package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.mail.Mail;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSender;
import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequestCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns queued {@link MailRequest}s into mails. The same code runs in-process (behind {@link SqsPoller}) and as the
 * AWS Lambda consumer. Failures are per message: the ids returned are the ones to deliver again, so one bad message
 * never re-sends the others. A message delivered twice is mailed once: the request id is claimed in the
 * {@link DeliveryLedger} before sending.
 */
public final class SummaryConsumer {
    private static final Logger log = LoggerFactory.getLogger(SummaryConsumer.class);

    private final MailComposer composer;
    private final MailSender sender;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final AtomicLong duplicates = new AtomicLong();
    private final Consumer<String> delivered;

    public SummaryConsumer(MailComposer composer, MailSender sender, DeliveryLedger ledger, Clock clock) {
        this(composer, sender, ledger, clock, id -> {});
    }

    /** @param delivered told each request id whose mail went out, now or before (a duplicate skipped) */
    public SummaryConsumer(MailComposer composer, MailSender sender, DeliveryLedger ledger, Clock clock,
                           Consumer<String> delivered) {
        this.composer = composer;
        this.sender = sender;
        this.ledger = ledger;
        this.clock = clock;
        this.delivered = delivered;
    }

    /** Handles a batch; returns the ids of the messages that failed. */
    public List<String> handle(List<QueueMessage> batch) {
        List<String> failed = new ArrayList<>();
        for (QueueMessage message : batch) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                log.warn("mail for message {} failed ({}); origin {}", message.messageId(), e.toString(),
                        message.attributes());
                failed.add(message.messageId());
            }
        }
        return failed;
    }

    /** Deliveries skipped because the mail had already gone out. */
    public long duplicates() {
        return duplicates.get();
    }

    private void handle(QueueMessage message) {
        MailRequest request = MailRequestCodec.decode(message.body());
        DeliveryLedger.Claim claim = ledger.tryClaim(request.id());
        if (claim == DeliveryLedger.Claim.HELD) {
            // Another delivery claimed it and has not sent it (or died before sending): skipping would lose the
            // mail if it died, so this delivery fails and the queue brings it back after the visibility timeout.
            throw new IllegalStateException(request.kind().label() + " " + request.id()
                    + " is claimed by another delivery and not sent yet; retried later");
        }
        if (claim == DeliveryLedger.Claim.SENT) {
            duplicates.incrementAndGet();
            log.info("message {} repeats {} {}, already mailed: skipped; origin {}",
                    message.messageId(), request.kind().label(), request.id(), message.attributes());
            delivered.accept(request.id());
            return;
        }
        Mail mail;
        try {
            mail = composer.compose(request, clock.instant());
            sender.send(mail);
        } catch (RuntimeException e) {
            ledger.release(request.id());
            throw e;
        }
        ledger.sent(request.id());
        delivered.accept(request.id());
        log.info("mailed {} {} ({} bytes{}) to {} as '{}'; origin {}", request.kind().label(), request.id(),
                request.originalBytes(), request.truncated() ? ", cut on the queue" : "", mail.to(), mail.subject(),
                message.attributes());
    }
}
