package dev.callbridge.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.TrackCustomMetricProps;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueAttributes;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.constructs.Construct;

/**
 * The bridge as a container service: Fargate tasks (arm64) behind an internet-facing Application Load Balancer that
 * carries the WebSockets (idle timeout above the longest call), scaling on the bridge's own active-call count (the
 * bridge reports it as a CloudWatch embedded metric), and draining that lets calls finish: a task leaving the
 * target group keeps its sockets for up to the longest call before ECS stops it, and then the bridge's own
 * SIGTERM drain runs. The image comes from {@link BridgeImageStack}'s repository (pushed by Jib, no Docker).
 * Keys come from Secrets Manager; the task may only publish to the summary queue.
 */
public final class BridgeStack extends Stack {
    static final int CONTAINER_PORT = 8080;
    /** The bridge's event-loop WebSocket server: Twilio's {@code /media-stream} and {@code /conversation-relay}. */
    static final int STREAM_PORT = 8081;
    static final List<String> STREAM_PATHS = List.of("/media-stream", "/conversation-relay");
    static final String METRIC_NAMESPACE = "Callbridge";
    static final String ACTIVE_CALLS = "ActiveCalls";
    /** Fargate's longest stop timeout: the bridge's own drain after SIGTERM. */
    static final Duration STOP_TIMEOUT = Duration.seconds(120);

    private final FargateService service;
    private final ApplicationLoadBalancer loadBalancer;

    /**
     * @param summaryQueueName the mail stack's queue (same account and region), found by name so the stacks stay
     *                         independent: no cross-stack export to block the mail stack's updates
     */
    public BridgeStack(Construct scope, String id, StackProps stackProps, BridgeStackProps props, String summaryQueueName) {
        super(scope, id, stackProps);
        String prefix = "callbridge-" + props.environment();
        IQueue summaries = Queue.fromQueueAttributes(this, "Summaries", QueueAttributes.builder()
                .queueArn(formatArn(ArnComponents.builder().service("sqs").resource(summaryQueueName)
                        .arnFormat(ArnFormat.NO_RESOURCE_NAME).build()))
                .queueUrl("https://sqs." + getRegion() + "." + getUrlSuffix() + "/" + getAccount() + "/" + summaryQueueName)
                .build());
        boolean privateTasks = props.natGateways() > 0;

        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs").logGroupName("/callbridge/" + props.environment() + "/vpc-flow")
                .retention(props.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        Vpc vpc = Vpc.Builder.create(this, "Network").maxAzs(2).natGateways(props.natGateways())
                .subnetConfiguration(privateTasks
                        ? List.of(SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                                SubnetConfiguration.builder().name("tasks").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                        : List.of(SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder().destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build()))
                .build();

        Cluster cluster = Cluster.Builder.create(this, "Cluster").clusterName(prefix).vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED).build();

        LogGroup logs = LogGroup.Builder.create(this, "BridgeLogs").logGroupName("/callbridge/" + props.environment() + "/bridge")
                .retention(props.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task").family(prefix + "-bridge")
                .cpu(1024).memoryLimitMiB(2048)
                .runtimePlatform(RuntimePlatform.builder().cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build()).build();
        var openAiKey = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(this, "OpenAiKey", props.openAiSecretName());
        var twilioToken = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(this, "TwilioToken", props.twilioSecretName());
        task.addContainer("bridge", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(Repository.fromRepositoryName(this, "Images", props.repositoryName()),
                        props.imageTag()))
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).build(),
                        PortMapping.builder().containerPort(STREAM_PORT).build()))
                // Sorted: the container's environment is a list in the template, and Map.of's order changes per JVM.
                .environment(new java.util.TreeMap<>(Map.of(
                        "CALLBRIDGE_PUBLIC_URL", props.publicUrl().toString(),
                        "CALLBRIDGE_MAIL_QUEUE_URL", summaries.getQueueUrl(),
                        "CALLBRIDGE_MAIL_REGION", getRegion(),
                        "CALLBRIDGE_METRICS_EMF_NAMESPACE", METRIC_NAMESPACE,
                        "CALLBRIDGE_METRICS_ENVIRONMENT", props.environment(),
                        "CALLBRIDGE_CALLS_DRAIN_TIMEOUT", (STOP_TIMEOUT.toSeconds().intValue() - 10) + "s",
                        // The streams are routed by path on the public URL's listener to STREAM_PORT: the TwiML names
                        // the public host, not the task's port.
                        "CALLBRIDGE_TRANSPORT_STREAM_PUBLIC_URL",
                        props.publicUrl().toString().replaceAll("/+$", "").replaceFirst("(?i)^http", "ws"),
                        "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75")))
                .secrets(new java.util.TreeMap<>(Map.of("OPENAI_API_KEY", Secret.fromSecretsManager(openAiKey),
                        "TWILIO_AUTH_TOKEN", Secret.fromSecretsManager(twilioToken))))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("bridge").build()))
                .stopTimeout(STOP_TIMEOUT)
                .build());
        summaries.grantSendMessages(task.getTaskRole());

        SecurityGroup albGroup = SecurityGroup.Builder.create(this, "LoadBalancerGroup").vpc(vpc)
                .description("callbridge load balancer: Twilio webhooks and WebSockets from the internet").build();
        SecurityGroup taskGroup = SecurityGroup.Builder.create(this, "TaskGroup").vpc(vpc)
                .description("callbridge tasks: only the load balancer reaches them").build();
        taskGroup.addIngressRule(albGroup, Port.tcp(CONTAINER_PORT), "from the load balancer");
        taskGroup.addIngressRule(albGroup, Port.tcp(STREAM_PORT), "Twilio's streams, from the load balancer");

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs").enforceSsl(true).encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(30)).build()))
                .removalPolicy(RemovalPolicy.RETAIN).build();
        NagSuppressions.addResourceSuppressions(accessLogs, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("this bucket holds the load balancer's access logs; logging access to the log bucket itself "
                        + "would need a second bucket for little value").build()));
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer").loadBalancerName(prefix + "-bridge")
                .vpc(vpc).internetFacing(true).securityGroup(albGroup).dropInvalidHeaderFields(true)
                .idleTimeout(Duration.seconds(props.idleTimeoutSeconds())).build();
        loadBalancer.logAccessLogs(accessLogs, "alb");

        service = FargateService.Builder.create(this, "Service").serviceName(prefix + "-bridge").cluster(cluster)
                .taskDefinition(task).desiredCount(props.desiredCount()).minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .securityGroups(List.of(taskGroup)).assignPublicIp(!privateTasks)
                .vpcSubnets(SubnetSelection.builder().subnetType(privateTasks ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PUBLIC).build())
                .healthCheckGracePeriod(Duration.seconds(60)).build();

        ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(this, "Targets").vpc(vpc)
                .port(CONTAINER_PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                .deregistrationDelay(Duration.seconds(props.drainSeconds()))
                .healthCheck(HealthCheck.builder().path("/health").healthyHttpCodes("200").interval(Duration.seconds(15))
                        .healthyThresholdCount(2).unhealthyThresholdCount(3).build())
                .targets(List.of(service)).build();
        // Twilio's WebSockets go to the event-loop server on STREAM_PORT; its health is the bridge's, asked on the
        // HTTP port (the stream server speaks only WebSocket upgrades).
        ApplicationTargetGroup streams = ApplicationTargetGroup.Builder.create(this, "StreamTargets").vpc(vpc)
                .port(STREAM_PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                .deregistrationDelay(Duration.seconds(props.drainSeconds()))
                .healthCheck(HealthCheck.builder().path("/health").port(Integer.toString(CONTAINER_PORT))
                        .healthyHttpCodes("200").interval(Duration.seconds(15)).healthyThresholdCount(2)
                        .unhealthyThresholdCount(3).build())
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder().containerName("bridge")
                        .containerPort(STREAM_PORT).build())))
                .build();
        ApplicationListener listener;
        if (props.certificateArn().isPresent()) {
            albGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS and WSS from Twilio");
            albGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "HTTP, redirected to HTTPS");
            listener = loadBalancer.addListener("Https", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                    .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS).open(false)
                    .certificates(List.of(ListenerCertificate.fromCertificateManager(
                            Certificate.fromCertificateArn(this, "Certificate", props.certificateArn().get()))))
                    .defaultAction(ListenerAction.forward(List.of(targets))).build());
            loadBalancer.addRedirect();
            output("ListenerArn", listener.getListenerArn(), "the HTTPS listener");
        } else {
            albGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "HTTP from Twilio (no certificate given)");
            listener = loadBalancer.addListener("Http", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                    .port(80).protocol(ApplicationProtocol.HTTP).open(false)
                    .defaultAction(ListenerAction.forward(List.of(targets))).build());
        }
        listener.addTargetGroups("Streams", AddApplicationTargetGroupsProps.builder().priority(10)
                .conditions(List.of(ListenerCondition.pathPatterns(STREAM_PATHS))).targetGroups(List.of(streams)).build());
        NagSuppressions.addResourceSuppressions(albGroup, List.of(NagPackSuppression.builder().id("AwsSolutions-EC23")
                .reason("Twilio calls the webhook and opens the WebSockets from its own, changing address ranges; every "
                        + "request is authenticated by X-Twilio-Signature and every stream by a per-call token").build()));

        ScalableTaskCount scaling = service.autoScaleTaskCount(software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps.builder()
                .minCapacity(props.desiredCount()).maxCapacity(props.maxCount()).build());
        scaling.scaleToTrackCustomMetric("ActiveCallsPerTask", TrackCustomMetricProps.builder()
                .metric(Metric.Builder.create().namespace(METRIC_NAMESPACE).metricName(ACTIVE_CALLS)
                        .dimensionsMap(Map.of("Environment", props.environment())).statistic("Average")
                        .period(Duration.minutes(1)).build())
                .targetValue(props.callsPerTask()).scaleOutCooldown(Duration.minutes(1))
                .scaleInCooldown(Duration.minutes(10)).build());

        NagSuppressions.addResourceSuppressions(task, List.of(
                NagPackSuppression.builder().id("AwsSolutions-ECS2").reason("only non-secret settings are environment "
                        + "variables; the OpenAI key and the Twilio auth token come from Secrets Manager").build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of("Resource::*"))
                        .reason("ecr:GetAuthorizationToken (added by CDK to the execution role) has no resource-level "
                                + "permissions").build()), true);

        output("LoadBalancerDns", loadBalancer.getLoadBalancerDnsName(), "point the public URL's DNS name here");
        output("VoiceWebhookUrl", props.publicUrl().toString().replaceAll("/+$", "") + "/twilio/voice",
                "the Twilio number's voice webhook (POST)");
        output("ServiceName", service.getServiceName(), "aws ecs describe-services --cluster " + prefix + " --services <this>");
        output("BridgeLogGroup", logs.getLogGroupName(), "aws logs tail <this> --follow");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public FargateService service() {
        return service;
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }
}
