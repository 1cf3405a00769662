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
        Tags.of(app).add("project", "callbridge");
        Tags.of(app).add("environment", props.environment());
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
    }
}
