package dev.callbridge.bridge.mail;

import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.bridge.persona.Persona;
import dev.callbridge.bridge.persona.Personas;
import dev.callbridge.bridge.summary.CallSummarizer;
import dev.callbridge.bridge.summary.OpenAiSummarizer;
import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.AwsClients;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSender;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.OutboxMailSender;
import dev.callbridge.mailer.mail.SesMailSender;
import dev.callbridge.mailer.queue.DirectPublisher;
import dev.callbridge.mailer.queue.EmbeddedQueue;
import dev.callbridge.mailer.queue.Spool;
import dev.callbridge.mailer.queue.SpoolingPublisher;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import dev.callbridge.mailer.queue.SummaryQueue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * The mail pipeline, from settings. Every summary is spooled on disk first, then handed on:
 * <ul>
 * <li>{@code queue-url} set: to that SQS queue; the consumer is the Lambda in AWS;</li>
 * <li>{@code queue-url} blank (default): to ElasticMQ, a real SQS API server started in-process on loopback with a
 *     dead-letter queue, and the mailer's consumer here sends with {@code sender} ({@code .eml} files in the outbox,
 *     or SES);</li>
 * <li>{@code path=direct}: straight to the consumer and its sender, no queue.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@DependsOn("modelCheck") // a retired model stops start-up before the queue, the spool or a recovered journal is touched
public class MailConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);
    /** Deliveries before a message that keeps failing moves to the dead-letter queue. */
    static final int MAX_RECEIVES = 5;
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofMinutes(1);

    @Bean(destroyMethod = "close")
    MailPipeline mailPipeline(BridgeProperties properties, Personas personas, Clock clock) {
        BridgeProperties.Mail mail = properties.mail();
        List<AutoCloseable> resources = new ArrayList<>();
        Optional<SqsPoller> poller = Optional.empty();
        Optional<EmbeddedQueue> embedded = Optional.empty();
        var spool = new Spool(mail.spool().toAbsolutePath());
        SpoolingPublisher publisher;
        if (mail.path() == BridgeProperties.MailPath.DIRECT) {
            var ledger = ledger(mail, clock);
            publisher = new SpoolingPublisher(spool, new DirectPublisher(consumer(mail, clock, ledger, resources, id -> {})),
                    RETRY_MIN, RETRY_MAX);
            log.info("summary mails go directly to the {} sender (no queue)", mail.sender());
        } else if (!mail.queueUrl().isEmpty()) {
            var sqs = AwsClients.sqs(mail.region(), Optional.empty());
            resources.add(sqs);
            publisher = new SpoolingPublisher(spool, new SummaryQueue(sqs, mail.queueUrl()), RETRY_MIN, RETRY_MAX);
            log.info("summaries go to SQS queue {}", mail.queueUrl());
        } else {
            // The embedded queue lives in memory: a summary stays spooled until the local consumer has mailed it,
            // and claims a killed process left in the ledger are given back (this process is its only consumer).
            var queue = new EmbeddedQueue(0, Duration.ofSeconds(30), MAX_RECEIVES);
            embedded = Optional.of(queue);
            var ledger = ledger(mail, clock);
            int stale = ledger.releaseAll();
            if (stale > 0) {
                log.warn("released {} mail claims an earlier process left unsent; those mails go out now", stale);
            }
            int expired = ledger.expire();
            if (expired > 0) {
                log.info("forgot {} mails sent more than {} ago (callbridge.mail.ledger-retention)", expired,
                        mail.ledgerRetention());
            }
            var spooling = SpoolingPublisher.untilDelivered(spool, new SummaryQueue(queue.sqs(), queue.queueUrl()),
                    RETRY_MIN, RETRY_MAX);
            publisher = spooling;
            poller = Optional.of(new SqsPoller(queue.sqs(), queue.queueUrl(),
                    consumer(mail, clock, ledger, resources, spooling::delivered)));
            log.info("embedded SQS on 127.0.0.1:{}; the local consumer sends with {}", queue.port(), mail.sender());
        }
        return new MailPipeline(publisher, summarizer(properties, resources), mail, poller, embedded, resources,
                routes(personas));
    }

    /** Where each persona's summaries go, for those that say (the others: {@code callbridge.mail.recipient}). */
    private static Map<String, MailPipeline.Route> routes(Personas personas) {
        Map<String, MailPipeline.Route> routes = new java.util.LinkedHashMap<>();
        for (Persona p : personas.all()) {
            if (!p.mailTo().isEmpty() || !p.subjectPrefix().isEmpty()) {
                routes.put(p.name(), new MailPipeline.Route(String.join(", ", p.mailTo()), p.subjectPrefix()));
            }
        }
        return routes;
    }

    private static FileDeliveryLedger ledger(BridgeProperties.Mail mail, Clock clock) {
        return new FileDeliveryLedger(mail.ledger().toAbsolutePath(), clock, DeliveryLedger.DEFAULT_LEASE,
                mail.ledgerRetention());
    }

    private static SummaryConsumer consumer(BridgeProperties.Mail mail, Clock clock, DeliveryLedger ledger,
                                            List<AutoCloseable> resources, Consumer<String> delivered) {
        MailSender sender;
        if (mail.sender() == BridgeProperties.MailSender.SES) {
            var ses = AwsClients.ses(mail.region(),
                    mail.sesEndpoint().isEmpty() ? Optional.empty() : Optional.of(URI.create(mail.sesEndpoint())));
            resources.add(ses);
            sender = new SesMailSender(ses);
        } else {
            sender = new OutboxMailSender(mail.outbox().toAbsolutePath());
        }
        var settings = new MailSettings(mail.from(),
                mail.recipient().isBlank() ? MailSettings.DEFAULT_RECIPIENT : mail.recipient(), mail.zone(),
                MailSettings.DEFAULT_BODY_LIMIT_BYTES);
        return new SummaryConsumer(new MailComposer(settings), sender, ledger, clock, delivered);
    }

    private static CallSummarizer summarizer(BridgeProperties properties, List<AutoCloseable> resources) {
        BridgeProperties.Summary s = properties.summary();
        if (!s.enabled()) {
            return CallSummarizer.off("summaries are switched off (callbridge.summary.enabled=false)");
        }
        if (properties.openai().apiKey().isEmpty()) {
            return CallSummarizer.off("no OpenAI API key is configured");
        }
        var openAi = new OpenAiSummarizer(s.baseUrl(), properties.openai().apiKey(), s.model(), s.timeout(),
                s.reasoningEffort());
        resources.add(openAi);
        long start = System.nanoTime();
        var warm = OpenAiSummarizer.warmUp();
        log.info("summary client warmed up offline in {} ms ({})", (System.nanoTime() - start) / 1_000_000,
                warm.text().isEmpty() ? "failed: " + warm.note() : "ok");
        return openAi;
    }
}
