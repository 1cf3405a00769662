package dev.callbridge.bridge.mail;

import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.summary.CallSummarizer;
import dev.callbridge.mailer.queue.EmbeddedQueue;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.SpoolingPublisher;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.request.MailRequest;
import dev.callbridge.mailer.request.MailRequest.Summary;
import dev.callbridge.mailer.summary.CallSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer end of the summary mails. When a call ends its summary is spooled on disk at once (so a crash or a
 * queue outage loses nothing), the short summary is written on a virtual thread (the socket threads never wait on
 * OpenAI or SQS), and the {@link SpoolingPublisher} hands the request on. {@link #close} lets what is in flight
 * finish, and with the embedded queue waits for the local consumer to drain it.
 */
public final class MailPipeline implements SummarySink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailPipeline.class);
    static final Summary SUMMARY_PENDING = Summary.unavailable("the bridge stopped before the summary was written");

    /**
     * Where a persona's call summaries go.
     *
     * @param recipient one address or several separated by commas; blank: the bridge's {@code callbridge.mail.recipient}
     * @param subjectPrefix before the subject's {@code Call … → …}; blank: none
     */
    public record Route(String recipient, String subjectPrefix) {
        public Route {
            java.util.Objects.requireNonNull(recipient);
            java.util.Objects.requireNonNull(subjectPrefix);
        }
    }

    private final SpoolingPublisher publisher;
    private final CallSummarizer summarizer;
    private final BridgeProperties.Mail settings;
    private final Optional<SqsPoller> poller;
    private final Optional<EmbeddedQueue> queue;
    private final List<AutoCloseable> resources;
    private final Map<String, Route> routes;
    private final ExecutorService summarizers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong summaries = new AtomicLong();

    /** @param routes by persona name; a call of a persona not in it goes to the bridge's recipient */
    public MailPipeline(SpoolingPublisher publisher, CallSummarizer summarizer, BridgeProperties.Mail settings,
                        Optional<SqsPoller> poller, Optional<EmbeddedQueue> queue, List<AutoCloseable> resources,
                        Map<String, Route> routes) {
        this.publisher = publisher;
        this.summarizer = summarizer;
        this.settings = settings;
        this.poller = poller;
        this.queue = queue;
        this.resources = List.copyOf(resources);
        this.routes = Map.copyOf(routes);
    }

    @Override
    public void accept(CallSummary call, Origin origin) {
        calls.incrementAndGet();
        MailRequest pending = request(call, SUMMARY_PENDING);
        try {
            publisher.hold(pending, origin);
        } catch (RuntimeException e) {
            log.error("summary of call {} could not be spooled; trying the queue directly: {}", call.callId(), e.toString());
        }
        summarizers.execute(() -> {
            Summary summary = summarizer.summarize(pending.text());
            if (!summary.text().isEmpty()) {
                summaries.incrementAndGet();
            }
            publisher.submit(request(call, summary), origin);
        });
    }

    /** Queues any other mail (the {@code /mail} endpoint, text calls) through the same spool. */
    public void submit(MailRequest request, Origin origin) {
        publisher.submit(request, origin);
    }

    public BridgeProperties.Mail settings() {
        return settings;
    }

    private MailRequest request(CallSummary call, Summary summary) {
        Route route = routes.get(call.persona());
        String recipient = route == null || route.recipient().isBlank() ? settings.recipient() : route.recipient();
        return MailRequest.call(call, settings.zone(), recipient, route == null ? "" : route.subjectPrefix(),
                settings.queueCapBytes(), summary);
    }

    public Map<String, Long> stats() {
        return Map.of("callsEnded", calls.get(), "summariesWritten", summaries.get(),
                "summariesQueued", publisher.published(), "summaryQueueFailures", publisher.failures(),
                "mailsSent", poller.map(SqsPoller::handled).orElse(0L),
                "mailFailures", poller.map(SqsPoller::failed).orElse(0L));
    }

    /** Finishes summaries in flight, hands on the spool (what cannot go stays on disk), drains the local queue. */
    @Override
    public void close() {
        summarizers.shutdown();
        try {
            summarizers.awaitTermination(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (publisher.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (queue.isPresent()) {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (queue.get().depth(queue.get().queueUrl()) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = publisher.pending();
        if (left > 0) {
            log.warn("{} summaries stay spooled in {} and go out at the next start", left, settings.spool().toAbsolutePath());
        }
        publisher.close();
        poller.ifPresent(SqsPoller::close);
        queue.ifPresent(EmbeddedQueue::close);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", r, e.toString());
            }
        }
    }
}
