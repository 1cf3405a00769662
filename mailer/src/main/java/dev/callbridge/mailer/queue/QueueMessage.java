package dev.callbridge.mailer.queue;

import java.util.Map;
import java.util.Objects;

/** One message off the summary queue, as SQS or a Lambda event record carries it. */
public record QueueMessage(String messageId, String body, Map<String, String> attributes) {
    public QueueMessage {
        Objects.requireNonNull(messageId);
        Objects.requireNonNull(body);
        attributes = Map.copyOf(attributes);
    }
}
