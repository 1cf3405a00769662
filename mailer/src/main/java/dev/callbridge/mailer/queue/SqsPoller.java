package dev.callbridge.mailer.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The local stand-in for Lambda's SQS event source: long-polls the queue, hands batches to the
 * {@link SummaryConsumer} and deletes what succeeded. Failed messages become visible again after the visibility
 * timeout and reach the dead-letter queue after the redrive policy's count. Runs on its own virtual thread.
 */
public final class SqsPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqsPoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final SummaryConsumer consumer;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    public SqsPoller(SqsClient sqs, String queueUrl, SummaryConsumer consumer) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.consumer = consumer;
        this.thread = Thread.ofVirtual().name("sqs-poller").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                pollOnce(1);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("polling {} failed: {}", queueUrl, e.toString());
                    sleepQuietly(1_000);
                }
            }
        }
    }

    /** One receive–handle–delete round; returns how many messages it received. */
    int pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(waitSeconds).messageAttributeNames("All").build()).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        List<QueueMessage> batch = messages.stream().map(m -> new QueueMessage(m.messageId(), m.body(),
                strings(m.messageAttributes()))).toList();
        List<String> failedIds = consumer.handle(batch);
        List<DeleteMessageBatchRequestEntry> done = messages.stream().filter(m -> !failedIds.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
        handled.addAndGet(done.size());
        failed.addAndGet(failedIds.size());
        return messages.size();
    }

    private static Map<String, String> strings(Map<String, MessageAttributeValue> attributes) {
        return attributes.entrySet().stream().filter(e -> e.getValue().stringValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
    }

    public long handled() {
        return handled.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Stops after the current round. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
