package dev.callbridge.cdk;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * Everything the bridge service is configured with; read from CDK context by {@link #fromContext}, validated here.
 *
 * @param publicUrl the URL Twilio calls (the load balancer's DNS name, or a name pointing at it); signatures are
 *                  checked against it, so it must be exact
 * @param certificateArn an ACM certificate for {@code publicUrl}'s host: HTTPS on 443 (Twilio needs {@code wss});
 *                       empty for plain HTTP on 80 (a first deploy, before the DNS name exists)
 * @param repositoryName the ECR repository the image is pushed to (by Jib, no Docker daemon)
 * @param imageTag the image to run
 * @param desiredCount tasks at deploy; scaling keeps between this and {@code maxCount}
 * @param callsPerTask the scaling target: average active calls per task (the bridge refuses above its own limit)
 * @param longestCall the longest call to carry: the load balancer's idle timeout and the draining delay follow it
 * @param natGateways 0: tasks in public subnets with public IPs (cheapest; only the load balancer may reach them);
 *                    1 or more: tasks in private subnets behind that many NAT gateways
 * @param openAiSecretName / twilioSecretName Secrets Manager secrets (plain strings) holding the keys
 * @param region the stack's region, fixed at synth (the load balancer's access logs need it; no account lookup)
 */
public record BridgeStackProps(String environment, String region, URI publicUrl, Optional<String> certificateArn, String repositoryName,
                               String imageTag, int desiredCount, int maxCount, int callsPerTask,
                               java.time.Duration longestCall, int natGateways, String openAiSecretName,
                               String twilioSecretName, RetentionDays logRetention) {
    /** The ALB's idle timeout cannot exceed 4000 s; its deregistration delay 3600 s. */
    static final long MAX_IDLE_SECONDS = 4000;
    static final long MAX_DRAIN_SECONDS = 3600;

    public BridgeStackProps {
        Objects.requireNonNull(environment);
        Objects.requireNonNull(region);
        Objects.requireNonNull(publicUrl);
        Objects.requireNonNull(certificateArn);
        Objects.requireNonNull(repositoryName);
        Objects.requireNonNull(imageTag);
        Objects.requireNonNull(longestCall);
        Objects.requireNonNull(openAiSecretName);
        Objects.requireNonNull(twilioSecretName);
        Objects.requireNonNull(logRetention);
        String scheme = String.valueOf(publicUrl.getScheme());
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("bridgePublicUrl must be an http(s) URL: " + publicUrl);
        }
        if (scheme.equals("https") != certificateArn.isPresent()) {
            throw new IllegalArgumentException("an https bridgePublicUrl needs bridgeCertificateArn, and a certificate an https URL");
        }
        if (desiredCount < 1 || maxCount < desiredCount) {
            throw new IllegalArgumentException("need 1 ≤ bridgeDesiredCount ≤ bridgeMaxCount: " + desiredCount + ", " + maxCount);
        }
        if (callsPerTask < 1) {
            throw new IllegalArgumentException("bridgeCallsPerTask must be ≥ 1");
        }
        if (longestCall.toSeconds() < 60 || longestCall.toSeconds() + 60 > MAX_IDLE_SECONDS) {
            throw new IllegalArgumentException("bridgeLongestCallMinutes must leave a minute under the load balancer's "
                    + MAX_IDLE_SECONDS + " s idle limit (at most 65 minutes): " + longestCall);
        }
        if (natGateways < 0 || natGateways > 3) {
            throw new IllegalArgumentException("bridgeNatGateways must be 0–3: " + natGateways);
        }
    }

    /** Idle timeout of the load balancer: above the longest call, so a quiet socket is never cut. */
    public long idleTimeoutSeconds() {
        return Math.min(MAX_IDLE_SECONDS, longestCall.toSeconds() + 60);
    }

    /** How long a task being replaced keeps its calls before it is stopped (capped by the ALB at an hour). */
    public long drainSeconds() {
        return Math.min(MAX_DRAIN_SECONDS, longestCall.toSeconds());
    }

    /**
     * Context keys: environment, region (else {@code CDK_DEFAULT_REGION}, else us-east-1), bridgePublicUrl, bridgeCertificateArn, bridgeImageTag, bridgeDesiredCount,
     * bridgeMaxCount, bridgeCallsPerTask, bridgeLongestCallMinutes, bridgeNatGateways, logRetentionDays.
     */
    public static BridgeStackProps fromContext(Node node) {
        String env = string(node, "environment").orElse("dev");
        String region = string(node, "region").or(() -> Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")))
                .orElse("us-east-1");
        return new BridgeStackProps(env, region,
                URI.create(string(node, "bridgePublicUrl").orElse("http://bridge.example.com")),
                string(node, "bridgeCertificateArn"),
                "callbridge-" + env + "-bridge",
                string(node, "bridgeImageTag").orElse("latest"),
                Integer.parseInt(string(node, "bridgeDesiredCount").orElse("1")),
                Integer.parseInt(string(node, "bridgeMaxCount").orElse("4")),
                Integer.parseInt(string(node, "bridgeCallsPerTask").orElse("100")),
                java.time.Duration.ofMinutes(Long.parseLong(string(node, "bridgeLongestCallMinutes").orElse("60"))),
                Integer.parseInt(string(node, "bridgeNatGateways").orElse("0")),
                "callbridge/" + env + "/openai-api-key", "callbridge/" + env + "/twilio-auth-token",
                MailStackProps.retention(Integer.parseInt(string(node, "logRetentionDays").orElse("14"))));
    }

    private static Optional<String> string(Node node, String key) {
        return MailStackProps.string(node, key);
    }
}
