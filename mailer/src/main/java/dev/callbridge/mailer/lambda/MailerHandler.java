package dev.callbridge.mailer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.callbridge.mailer.queue.QueueMessage;
import dev.callbridge.mailer.queue.SummaryConsumer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary-queue consumer as an AWS Lambda (SQS event source with {@code ReportBatchItemFailures}): each record
 * is mailed through SES on its own, and only the records that failed are reported, so SQS re-delivers just those
 * and moves a message that keeps failing to the dead-letter queue.
 */
public final class MailerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final SummaryConsumer consumer;

    /** The Lambda runtime's constructor: settings from the function's environment, once per container. */
    public MailerHandler() {
        this(MailerConfig.fromEnv(System.getenv()).consumer(Clock.systemUTC()));
    }

    public MailerHandler(SummaryConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<QueueMessage> batch = event.getRecords().stream()
                .map(r -> new QueueMessage(r.getMessageId(), r.getBody(), strings(r.getMessageAttributes()))).toList();
        List<SQSBatchResponse.BatchItemFailure> failures = consumer.handle(batch).stream()
                .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static Map<String, String> strings(Map<String, SQSEvent.MessageAttribute> attributes) {
        Map<String, String> out = new HashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (v.getStringValue() != null) {
                    out.put(k, v.getStringValue());
                }
            });
        }
        return out;
    }
}
