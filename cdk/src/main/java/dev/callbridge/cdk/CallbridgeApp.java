package dev.callbridge.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app ({@code cdk.json} runs it): one stack per concern, environment-agnostic (no account lookups at synth),
 * checked with cdk-nag's AWS Solutions rules.
 */
public final class CallbridgeApp {
    private CallbridgeApp() {}

    public static void main(String[] args) {
        App app = new App();
        MailStackProps props = MailStackProps.fromContext(app.getNode());
        new MailStack(app, "callbridge-" + props.environment() + "-mail", StackProps.builder()
                .description("callbridge summary mails: SQS + DLQ -> Lambda -> SES (" + props.environment() + ")").build(), props);
        BridgeStackProps bridge = BridgeStackProps.fromContext(app.getNode());
        new BridgeImageStack(app, "callbridge-" + bridge.environment() + "-bridge-image", StackProps.builder()
                .description("callbridge bridge image repository (" + bridge.environment() + ")").build(), bridge);
        new BridgeStack(app, "callbridge-" + bridge.environment() + "-bridge", StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().region(bridge.region()).build())
                .description("callbridge bridge on ECS Fargate behind an ALB (" + bridge.environment() + ")").build(),
                bridge, MailStack.queueName(bridge.environment()));
        Tags.of(app).add("project", "callbridge");
        Tags.of(app).add("environment", props.environment());
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
