package dev.callbridge.cdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * Everything the mail stack is configured with; read from CDK context ({@code cdk deploy -c senderEmail=…}) by
 * {@link #fromContext}, validated here.
 *
 * @param environment the deployment's name, part of every resource name ({@code dev} by default)
 * @param sender the SES identity mails are sent from: an e-mail address, or a domain (then {@code from} is
 *               {@code callbridge@<domain>})
 * @param defaultRecipient where mails go when a request names no recipient
 * @param lambdaJar the consumer's shaded jar, built by Maven before synth ({@code mailer/target/mailer-lambda.jar})
 * @param alarmEmail who is told about dead letters and consumer errors; empty for no subscription
 */
public record MailStackProps(String environment, Sender sender, String defaultRecipient, String zone,
                             RetentionDays logRetention, Path lambdaJar, Optional<String> alarmEmail) {
    public static final String DEFAULT_RECIPIENT = "call-summaries@example.com";

    public MailStackProps {
        Objects.requireNonNull(environment);
        Objects.requireNonNull(sender);
        Objects.requireNonNull(defaultRecipient);
        Objects.requireNonNull(zone);
        Objects.requireNonNull(logRetention);
        Objects.requireNonNull(lambdaJar);
        Objects.requireNonNull(alarmEmail);
        if (!environment.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("environment must be lower-case letters, digits and '-', ≤ 16: " + environment);
        }
        if (!defaultRecipient.contains("@")) {
            throw new IllegalArgumentException("defaultRecipient must be an e-mail address: " + defaultRecipient);
        }
        if (!Files.isRegularFile(lambdaJar)) {
            throw new IllegalArgumentException("the consumer jar " + lambdaJar + " is missing: run ./mvnw -pl mailer -am package first");
        }
    }

    /** The sender identity: exactly one of an address or a domain. */
    public record Sender(Optional<String> email, Optional<String> domain) {
        public Sender {
            if (email.isPresent() == domain.isPresent()) {
                throw new IllegalArgumentException("give exactly one of context senderEmail or senderDomain");
            }
            email.ifPresent(e -> {
                if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new IllegalArgumentException("senderEmail is not an e-mail address: " + e);
                }
            });
        }

        /** The SES identity name (what its ARN ends with). */
        public String identity() {
            return email.orElseGet(domain::orElseThrow);
        }

        /** The {@code From} address the consumer uses. */
        public String from() {
            return email.orElseGet(() -> "callbridge@" + domain.orElseThrow());
        }
    }

    /** Context keys: environment, senderEmail | senderDomain, defaultRecipient, zone, logRetentionDays, lambdaJar, alarmEmail. */
    public static MailStackProps fromContext(Node node) {
        return new MailStackProps(
                string(node, "environment").orElse("dev"),
                new Sender(string(node, "senderDomain").isPresent() ? Optional.empty()
                        : Optional.of(string(node, "senderEmail").orElse("callbridge@example.com")),
                        string(node, "senderDomain")),
                string(node, "defaultRecipient").orElse(DEFAULT_RECIPIENT),
                string(node, "zone").orElse("Asia/Tokyo"),
                retention(Integer.parseInt(string(node, "logRetentionDays").orElse("14"))),
                Path.of(string(node, "lambdaJar").orElse("../mailer/target/mailer-lambda.jar")),
                string(node, "alarmEmail"));
    }

    /** A context value, empty when absent or blank (shared by the stacks' props). */
    static Optional<String> string(Node node, String key) {
        Object v = node.tryGetContext(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().strip());
    }

    private static final Map<Integer, RetentionDays> RETENTIONS = Map.of(1, RetentionDays.ONE_DAY, 3,
            RetentionDays.THREE_DAYS, 7, RetentionDays.ONE_WEEK, 14, RetentionDays.TWO_WEEKS, 30, RetentionDays.ONE_MONTH,
            90, RetentionDays.THREE_MONTHS, 180, RetentionDays.SIX_MONTHS, 365, RetentionDays.ONE_YEAR);

    static RetentionDays retention(int days) {
        RetentionDays r = RETENTIONS.get(days);
        if (r == null) {
            throw new IllegalArgumentException("logRetentionDays must be one of " + new java.util.TreeSet<>(RETENTIONS.keySet()) + ": " + days);
        }
        return r;
    }
}
