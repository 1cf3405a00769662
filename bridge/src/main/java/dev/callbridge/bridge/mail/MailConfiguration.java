package dev.callbridge.bridge.mail;

import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.OutboxMailSender;
import dev.callbridge.mailer.queue.SqsPoller;
import dev.callbridge.mailer.queue.SummaryConsumer;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The mail pipeline. With {@code callbridge.mail.queue-url} blank (the default) it starts ElasticMQ, a real SQS
 * API server, in-process on loopback, with a summary queue and a dead-letter queue, and runs the mailer's consumer
 * against it, writing {@code .eml} files to {@code callbridge.mail.outbox}. With a queue URL it only publishes:
 * the consumer is the Lambda in AWS.
 */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);
    static final String QUEUE = "callbridge-summaries";
    static final String DEAD_LETTERS = "callbridge-summaries-dlq";
    /** Deliveries before a message that keeps failing moves to the dead-letter queue. */
    static final int MAX_RECEIVES = 5;

    @Bean(destroyMethod = "close")
    MailPipeline mailPipeline(BridgeProperties properties, Clock clock) {
        BridgeProperties.Mail mail = properties.mail();
        if (!mail.queueUrl().isEmpty()) {
            SqsClient sqs = SqsClient.builder().region(Region.of(mail.region()))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            log.info("summaries go to SQS queue {}", mail.queueUrl());
            return new MailPipeline(sqs, mail.queueUrl(), Optional.empty(), Optional.empty());
        }
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String dlqUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTERS)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}"))).queueUrl();
        var settings = new MailSettings(mail.from(),
                mail.recipient().isBlank() ? MailSettings.DEFAULT_RECIPIENT : mail.recipient(), mail.zone(),
                MailSettings.DEFAULT_BODY_LIMIT_BYTES);
        var sender = new OutboxMailSender(mail.outbox().toAbsolutePath());
        var poller = new SqsPoller(sqs, queueUrl, new SummaryConsumer(new MailComposer(settings), sender, clock));
        log.info("embedded SQS on 127.0.0.1:{}; summary mails go to {}", port, sender.outbox());
        return new MailPipeline(sqs, queueUrl, Optional.of(poller), Optional.of(server::stopAndWait));
    }
}
