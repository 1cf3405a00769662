package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.mail.Mail;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSender;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.SummaryCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns queued call summaries into mails. The same code runs in-process (behind {@link SqsPoller}) and as the
 * AWS Lambda consumer. Failures are per message: the ids returned are the ones to deliver again, so one bad
 * message never re-sends the others.
 */
public final class SummaryConsumer {
    private static final Logger log = LoggerFactory.getLogger(SummaryConsumer.class);

    private final MailComposer composer;
    private final MailSender sender;
    private final Clock clock;

    public SummaryConsumer(MailComposer composer, MailSender sender, Clock clock) {
        this.composer = composer;
        this.sender = sender;
        this.clock = clock;
    }

    /** Handles a batch; returns the ids of the messages that failed. */
    public List<String> handle(List<QueueMessage> batch) {
        List<String> failed = new ArrayList<>();
        for (QueueMessage message : batch) {
            try {
                handle(message);
            } catch (RuntimeException e) {
                log.warn("mail for message {} failed ({}): {}", message.messageId(), message.attributes(), e.toString());
                failed.add(message.messageId());
            }
        }
        return failed;
    }

    private void handle(QueueMessage message) {
        CallSummary summary = SummaryCodec.decode(message.body());
        Mail mail = composer.callMail(summary, "", clock.instant());
        sender.send(mail);
        log.info("mailed call {} ({} turns) to {}; origin {}", summary.callId(), summary.turns().size(), mail.to(),
                message.attributes());
    }
}
