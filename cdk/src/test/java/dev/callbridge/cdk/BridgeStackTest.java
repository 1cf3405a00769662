package dev.callbridge.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Template assertions for the bridge service and its image repository, and cdk-nag's AWS Solutions rules. */
class BridgeStackTest {
    private static BridgeStack stack;
    private static BridgeImageStack images;
    private static Template template;

    static BridgeStackProps props(String url, Optional<String> certificate, int natGateways) {
        return new BridgeStackProps("dev", "us-east-1", URI.create(url), certificate, "callbridge-dev-bridge", "v42", 2, 6, 100,
                java.time.Duration.ofMinutes(60), natGateways, "callbridge/dev/openai-api-key",
                "callbridge/dev/twilio-auth-token", RetentionDays.TWO_WEEKS);
    }

    @BeforeAll
    static void synth() throws Exception {
        Path jar = Path.of("../mailer/target/mailer-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            jar = Files.createTempFile("mailer-lambda", ".jar");
        }
        App app = new App();
        new MailStack(app, "callbridge-dev-mail", StackProps.builder().build(), new MailStackProps("dev",
                new MailStackProps.Sender(Optional.of("callbridge@example.org"), Optional.empty()), "ops@example.org",
                "Asia/Tokyo", RetentionDays.TWO_WEEKS, jar, Optional.empty()));
        var props = props("https://bridge.example.org", Optional.of(
                "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"), 0);
        images = new BridgeImageStack(app, "callbridge-dev-bridge-image", StackProps.builder().build(), props);
        stack = new BridgeStack(app, "callbridge-dev-bridge", StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().region("us-east-1").build()).build(),
                props, MailStack.queueName("dev"));
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        template = Template.fromStack(stack);
    }

    @Test
    void theLoadBalancerCarriesWebSocketsLongerThanTheLongestCall() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "idle_timeout.timeout_seconds", "Value", "3660"),
                        Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"),
                        Map.of("Key", "access_logs.s3.enabled", "Value", "true")))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn",
                        "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80,
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "redirect")))));
    }

    @Test
    void aTaskLeavingTheTargetGroupKeepsItsCallsUpToAnHourThenDrainsOnSigterm() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "Port", 8080, "TargetType", "ip", "HealthCheckPath", "/health",
                "TargetGroupAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "3600")))));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "Cpu", "1024", "Memory", "2048", "RequiresCompatibilities", List.of("FARGATE"),
                "RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "StopTimeout", 120,
                        "PortMappings", List.of(Map.of("ContainerPort", 8080, "Protocol", "tcp"),
                                Map.of("ContainerPort", 8081, "Protocol", "tcp")),
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "CALLBRIDGE_CALLS_DRAIN_TIMEOUT", "Value", "110s"),
                                Map.of("Name", "CALLBRIDGE_METRICS_EMF_NAMESPACE", "Value", "Callbridge"),
                                Map.of("Name", "CALLBRIDGE_PUBLIC_URL", "Value", "https://bridge.example.org"))),
                        "Secrets", Match.arrayWith(List.of(
                                Match.objectLike(Map.of("Name", "OPENAI_API_KEY")),
                                Match.objectLike(Map.of("Name", "TWILIO_AUTH_TOKEN")))))))));
        template.hasResourceProperties("AWS::ECS::Service", Map.of("LaunchType", "FARGATE", "DesiredCount", 2,
                "DeploymentConfiguration", Match.objectLike(Map.of("MinimumHealthyPercent", 100, "MaximumPercent", 200,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true)))));
    }

    /**
     * The shipped transport serves Twilio's WebSockets on the event-loop server's own port: the HTTPS listener sends
     * {@code /media-stream} and {@code /conversation-relay} there, its health is asked on the HTTP port, only the load
     * balancer reaches it, and the TwiML names the public host (not the task's port).
     */
    @Test
    void twilioStreamsAreRoutedByPathToTheEventLoopServer() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Map.of("Priority", 10,
                "Conditions", List.of(Map.of("Field", "path-pattern",
                        "PathPatternConfig", Map.of("Values", List.of("/media-stream", "/conversation-relay")))),
                "Actions", List.of(Match.objectLike(Map.of("Type", "forward",
                        "TargetGroupArn", Map.of("Ref", Match.stringLikeRegexp("StreamTargets.*"))))),
                "ListenerArn", Map.of("Ref", Match.stringLikeRegexp("LoadBalancerHttps.*"))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8081,
                "TargetType", "ip", "HealthCheckPath", "/health", "HealthCheckPort", "8080",
                "TargetGroupAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "3600")))));
        template.hasResourceProperties("AWS::ECS::Service", Map.of("LoadBalancers", Match.arrayWith(List.of(
                Match.objectLike(Map.of("ContainerName", "bridge", "ContainerPort", 8081))))));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("IpProtocol", "tcp", "FromPort", 8081,
                "ToPort", 8081, "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerGroup.*"), "GroupId"))));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(
                Map.of("Environment", Match.arrayWith(List.of(Map.of("Name", "CALLBRIDGE_TRANSPORT_STREAM_PUBLIC_URL",
                        "Value", "wss://bridge.example.org"))))))));
    }

    /** Fargate runs arm64: the bridge's jar carries Netty's epoll library for it beside the x86-64 one. */
    @Test
    void theBridgeJarCarriesTheEpollLibraryForArm64AndX86() throws Exception {
        Path jar = Path.of("../bridge/target/bridge.jar");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jar),
                "bridge.jar is built before this module by ./test.sh (mvn verify); not when this module runs alone");
        List<String> expected = List.of("libnetty_transport_native_epoll_aarch_64.so", "libnetty_transport_native_epoll_x86_64.so");
        List<String> actual;
        try (var zip = new java.util.zip.ZipFile(jar.toFile());
             var nested = zip.stream()) {
            actual = nested.map(java.util.zip.ZipEntry::getName).filter(n -> n.contains("netty-transport-native-epoll"))
                    .flatMap(n -> nativeLibraries(zip, n).stream()).sorted().distinct().toList();
        }
        System.out.println("epoll libraries in bridge.jar: expected " + expected + ", actual " + actual);
        assertEquals(expected, actual);
    }

    /** The {@code META-INF/native} libraries in a jar nested in the Spring Boot jar. */
    private static List<String> nativeLibraries(java.util.zip.ZipFile outer, String entry) {
        try (var in = new java.util.zip.ZipInputStream(outer.getInputStream(outer.getEntry(entry)))) {
            var names = new java.util.ArrayList<String>();
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().startsWith("META-INF/native/") && e.getName().endsWith(".so")) {
                    names.add(e.getName().substring("META-INF/native/".length()));
                }
            }
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void itScalesOnTheBridgesOwnActiveCallsPerTask() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 2, "MaxCapacity", 6));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of("TargetValue", 100,
                        "ScaleInCooldown", 600, "ScaleOutCooldown", 60,
                        "CustomizedMetricSpecification", Match.objectLike(Map.of("Namespace", "Callbridge",
                                "MetricName", "ActiveCalls", "Statistic", "Average",
                                "Dimensions", List.of(Map.of("Name", "Environment", "Value", "dev"))))))));
    }

    @Test
    void onlyTheLoadBalancerReachesTheTasksAndTheTasksMayOnlyPublishSummaries() {
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("IpProtocol", "tcp", "FromPort", 8080,
                "ToPort", 8080, "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LoadBalancerGroup.*"), "GroupId"))));
        Object queueArn = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":sqs:us-east-1:", Map.of("Ref", "AWS::AccountId"), ":callbridge-dev-summaries")));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", List.of(Map.of("Effect", "Allow",
                        "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                        "Resource", queueArn))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("TaskTaskRole.*")))));
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
    }

    @Test
    void theImageRepositoryScansKeepsTenImmutableTagsAndIsEmptiedOnDestroy() {
        Template.fromStack(images).hasResourceProperties("AWS::ECR::Repository", Map.of(
                "RepositoryName", "callbridge-dev-bridge", "ImageTagMutability", "IMMUTABLE", "EmptyOnDelete", true,
                "ImageScanningConfiguration", Map.of("ScanOnPush", true)));
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingInEitherStack() {
        for (var s : List.of(stack, images)) {
            var errors = Annotations.fromStack(s).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            var warnings = Annotations.fromStack(s).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            System.out.println(s.getStackName() + ": expected no cdk-nag errors or warnings, actual " + errors.size() + " errors "
                    + errors.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList() + ", " + warnings.size() + " warnings "
                    + warnings.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList());
            assertEquals(List.of(), errors.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList());
            assertEquals(List.of(), warnings.stream().map(e -> e.getId() + " " + e.getEntry().getData()).toList());
        }
    }

    @Test
    void settingsThatCannotWorkStopSynth() {
        assertThrows(IllegalArgumentException.class, () -> props("https://bridge.example.org", Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class, () -> new BridgeStackProps("dev", "us-east-1", URI.create("http://b"), Optional.empty(),
                "r", "t", 1, 1, 100, java.time.Duration.ofMinutes(90), 0, "a", "b", RetentionDays.ONE_DAY));
        assertEquals(3660, props("http://b.example.org", Optional.empty(), 0).idleTimeoutSeconds());
    }
}
