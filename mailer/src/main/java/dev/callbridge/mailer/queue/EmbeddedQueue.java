package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.mail.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ, a real SQS API server, in-process on loopback with the summary queue and its dead-letter queue set up
 * as the CDK stack sets them up in AWS: after {@code maxReceives} failed deliveries a message moves to the DLQ.
 */
public final class EmbeddedQueue implements AutoCloseable {
    public static final String QUEUE = "callbridge-summaries";
    public static final String DEAD_LETTERS = "callbridge-summaries-dlq";

    private final SQSRestServer server;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterUrl;
    private final int port;

    /** @param port 0 for any free port */
    public EmbeddedQueue(int port, Duration visibilityTimeout, int maxReceives) {
        var builder = SQSRestServerBuilder.withInterface("127.0.0.1");
        this.server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
        this.port = server.waitUntilStarted().localAddress().getPort();
        this.sqs = AwsClients.sqs("us-east-1", Optional.of(URI.create("http://127.0.0.1:" + this.port)));
        this.deadLetterUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTERS)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqs.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}"))).queueUrl();
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterUrl() {
        return deadLetterUrl;
    }

    public int port() {
        return port;
    }

    /** Messages in a queue, visible or in flight. */
    public long depth(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                .mapToLong(Long::parseLong).sum();
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
    }
}
