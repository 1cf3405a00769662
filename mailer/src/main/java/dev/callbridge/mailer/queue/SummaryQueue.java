package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequestCodec;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The producer side of the summary queue: one SQS message a mail, with its {@link Origin} as attributes. */
public final class SummaryQueue implements MailPublisher {
    private static final Logger log = LoggerFactory.getLogger(SummaryQueue.class);

    private final SqsClient sqs;
    private final String queueUrl;

    public SummaryQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Puts a request on the queue; returns the SQS message id. Throws when the queue cannot take it. */
    @Override
    public String publish(MailRequest request, Origin origin) {
        Map<String, String> attributes = origin.attributes(MailRequest.VERSION);
        Map<String, MessageAttributeValue> values = attributes.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> MessageAttributeValue.builder().dataType("String").stringValue(e.getValue()).build()));
        String id = sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl)
                .messageBody(MailRequestCodec.encode(request)).messageAttributes(values).build()).messageId();
        log.info("queued {} {} ({} bytes) as message {}; origin {}", request.kind().label(), request.id(),
                request.originalBytes(), id, attributes);
        return id;
    }
}
