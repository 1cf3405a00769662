package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequestCodec;
import java.util.List;
import java.util.UUID;

/**
 * The direct path: no queue, the request goes straight through the consumer (same de-duplication, same mail) to
 * its sender. For checking SES on its own, and for setups without a queue.
 */
public final class DirectPublisher implements MailPublisher {
    private final SummaryConsumer consumer;

    public DirectPublisher(SummaryConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String publish(MailRequest request, Origin origin) {
        String id = "direct-" + UUID.nameUUIDFromBytes(request.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> failed = consumer.handle(List.of(new QueueMessage(id, MailRequestCodec.encode(request),
                origin.attributes(MailRequest.VERSION))));
        if (!failed.isEmpty()) {
            throw new IllegalStateException("sending " + request.kind().label() + " " + request.id() + " failed (see log)");
        }
        return id;
    }
}
