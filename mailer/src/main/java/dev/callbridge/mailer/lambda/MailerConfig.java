package dev.callbridge.mailer.lambda;

import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.DynamoDbDeliveryLedger;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import dev.callbridge.mailer.mail.AwsClients;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.SesMailSender;
import dev.callbridge.mailer.queue.SummaryConsumer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The consumer Lambda's settings, read once from its environment (the CDK stack sets them).
 *
 * @param ledgerTable the DynamoDB de-duplication table; blank to use {@code ledgerFolder} (local runs)
 * @param sesEndpoint an SES API stand-in, for local runs; empty in AWS
 */
public record MailerConfig(MailSettings mail, String region, Optional<URI> sesEndpoint, String ledgerTable,
                           Optional<URI> dynamoEndpoint, Path ledgerFolder, Duration claimLease,
                           Duration ledgerRetention) {
    public static final String FROM = "MAIL_FROM";
    public static final String DEFAULT_RECIPIENT = "MAIL_DEFAULT_RECIPIENT";
    public static final String ZONE = "MAIL_ZONE";
    public static final String BODY_LIMIT_BYTES = "MAIL_BODY_LIMIT_BYTES";
    public static final String LEDGER_TABLE = "LEDGER_TABLE";
    public static final String LEDGER_FOLDER = "LEDGER_FOLDER";
    public static final String SES_ENDPOINT = "SES_ENDPOINT";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    /** Days the ledger remembers a sent mail (the DynamoDB TTL); default 14, as long as SQS keeps a message. */
    public static final String LEDGER_RETENTION_DAYS = "LEDGER_RETENTION_DAYS";

    public static MailerConfig fromEnv(Map<String, String> env) {
        var mail = new MailSettings(
                env.getOrDefault(FROM, MailSettings.DEFAULT_FROM),
                env.getOrDefault(DEFAULT_RECIPIENT, MailSettings.DEFAULT_RECIPIENT),
                ZoneId.of(env.getOrDefault(ZONE, MailSettings.DEFAULT_ZONE.getId())),
                Integer.parseInt(env.getOrDefault(BODY_LIMIT_BYTES, Integer.toString(MailSettings.DEFAULT_BODY_LIMIT_BYTES))));
        String region = env.getOrDefault("AWS_REGION", "us-east-1");
        return new MailerConfig(mail, region, uri(env.get(SES_ENDPOINT)), env.getOrDefault(LEDGER_TABLE, ""),
                uri(env.get(DYNAMODB_ENDPOINT)), Path.of(env.getOrDefault(LEDGER_FOLDER, "/tmp/callbridge-ledger")),
                DeliveryLedger.DEFAULT_LEASE, Duration.ofDays(Long.parseLong(env.getOrDefault(LEDGER_RETENTION_DAYS,
                        Long.toString(DeliveryLedger.DEFAULT_RETENTION.toDays())))));
    }

    private static Optional<URI> uri(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(URI.create(s.strip()));
    }

    /** The consumer these settings describe: SES for sending, DynamoDB (or a folder) for de-duplication. */
    public SummaryConsumer consumer(Clock clock) {
        DeliveryLedger ledger = ledgerTable.isBlank()
                ? new FileDeliveryLedger(ledgerFolder, clock, claimLease, ledgerRetention)
                : new DynamoDbDeliveryLedger(AwsClients.dynamo(region, dynamoEndpoint), ledgerTable, clock, claimLease,
                        ledgerRetention);
        return new SummaryConsumer(new MailComposer(mail), new SesMailSender(AwsClients.ses(region, sesEndpoint)),
                ledger, clock);
    }
}
