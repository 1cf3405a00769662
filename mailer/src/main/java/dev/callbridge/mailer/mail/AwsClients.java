package dev.callbridge.mailer.mail;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for SQS, SES and DynamoDB, with the small URLConnection HTTP client (no Netty or Apache in the Lambda
 * jar). An endpoint override means a local stand-in (ElasticMQ, aws-ses-v2-local, …), which gets dummy credentials;
 * without one the default AWS credential chain and endpoints apply.
 */
public final class AwsClients {
    private AwsClients() {}

    public static SqsClient sqs(String region, Optional<URI> endpoint) {
        var b = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials(endpoint))
                .httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    public static SesV2Client ses(String region, Optional<URI> endpoint) {
        var b = SesV2Client.builder().region(Region.of(region)).credentialsProvider(credentials(endpoint))
                .httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    public static DynamoDbClient dynamo(String region, Optional<URI> endpoint) {
        var b = DynamoDbClient.builder().region(Region.of(region)).credentialsProvider(credentials(endpoint))
                .httpClient(UrlConnectionHttpClient.create());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    private static AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        return endpoint.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
