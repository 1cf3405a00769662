package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.SummaryCodec;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The producer side of the summary queue: one SQS message a call, with its {@link Origin} as attributes. */
public final class SummaryQueue {
    private static final Logger log = LoggerFactory.getLogger(SummaryQueue.class);

    private final SqsClient sqs;
    private final String queueUrl;

    public SummaryQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Puts a summary on the queue; returns the SQS message id. Throws when the queue cannot take it. */
    public String publish(CallSummary summary, Origin origin) {
        Map<String, MessageAttributeValue> attributes = origin.attributes(CallSummary.SCHEMA_VERSION).entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> MessageAttributeValue.builder().dataType("String").stringValue(e.getValue()).build()));
        String id = sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl)
                .messageBody(SummaryCodec.encode(summary)).messageAttributes(attributes).build()).messageId();
        log.info("queued summary of call {} as message {}; origin {}", summary.callId(), id,
                origin.attributes(CallSummary.SCHEMA_VERSION));
        return id;
    }
}
