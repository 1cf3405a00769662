package dev.callbridge.bridge.mail;

import dev.callbridge.bridge.call.SummarySink;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryQueue;
import dev.callbridge.mailer.summary.CallSummary;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The producer end of the summary mails: each finished call is published to the summary queue on a virtual
 * thread, so the socket threads never wait on SQS. With an embedded queue, the local consumer (an
 * {@link SqsPoller}) turns messages into mails, and {@link #close} waits for the queue to drain.
 */
public final class MailPipeline implements SummarySink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailPipeline.class);

    private final SummaryQueue queue;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Optional<SqsPoller> poller;
    private final Optional<AutoCloseable> server;
    private final ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();

    public MailPipeline(SqsClient sqs, String queueUrl, Optional<SqsPoller> poller, Optional<AutoCloseable> server) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queue = new SummaryQueue(sqs, queueUrl);
        this.poller = poller;
        this.server = server;
    }

    @Override
    public void accept(CallSummary summary, Origin origin) {
        publishers.execute(() -> {
            try {
                queue.publish(summary, origin);
                published.incrementAndGet();
            } catch (RuntimeException e) {
                publishFailures.incrementAndGet();
                log.error("summary of call {} could not be queued: {}", summary.callId(), e.toString());
            }
        });
    }

    public Map<String, Long> stats() {
        return Map.of("summariesQueued", published.get(), "summaryQueueFailures", publishFailures.get(),
                "mailsSent", poller.map(SqsPoller::handled).orElse(0L),
                "mailFailures", poller.map(SqsPoller::failed).orElse(0L));
    }

    /** Publishes what is in flight, lets the local consumer drain the queue (up to 15 s), then stops. */
    @Override
    public void close() {
        publishers.shutdown();
        try {
            publishers.awaitTermination(10, TimeUnit.SECONDS);
            if (poller.isPresent()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (backlog() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.ifPresent(SqsPoller::close);
        server.ifPresent(s -> {
            try {
                s.close();
            } catch (Exception e) {
                log.debug("stopping the embedded SQS server: {}", e.toString());
            }
        });
        sqs.close();
    }

    private long backlog() {
        GetQueueAttributesResponse r = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        return r.attributes().values().stream().mapToLong(Long::parseLong).sum();
    }
}
