package dev.callbridge.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
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

/** Fine-grained template assertions for every resource and permission of the mail stack, and cdk-nag's rules. */
class MailStackTest {
    private static MailStack stack;
    private static Template template;

    @BeforeAll
    static void synth() throws Exception {
        Path jar = Path.of("../mailer/target/mailer-lambda.jar");
        if (!Files.isRegularFile(jar)) { // built by the reactor before this module; a stand-in when run alone
            jar = Files.createTempFile("mailer-lambda", ".jar");
        }
        App app = new App();
        var props = new MailStackProps("dev", new MailStackProps.Sender(Optional.of("callbridge@example.org"), Optional.empty()),
                "ops@example.org", "Asia/Tokyo", RetentionDays.TWO_WEEKS, jar, Optional.of("alarms@example.org"));
        stack = new MailStack(app, "callbridge-dev-mail", StackProps.builder().build(), props);
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        template = Template.fromStack(stack);
    }

    @Test
    void theQueueTakesOneMebibyteIsEncryptedAndRedrivesToTheDeadLetterQueue() {
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "callbridge-dev-summaries",
                "MaximumMessageSize", 1048576,
                "SqsManagedSseEnabled", true,
                "VisibilityTimeout", 180,
                "RedrivePolicy", Map.of("maxReceiveCount", 5, "deadLetterTargetArn",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("DeadLetters.*"), "Arn")))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "callbridge-dev-summaries-dlq",
                "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1209600));
        // TLS enforced on both queues
        template.resourcePropertiesCountIs("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                List.of(Map.of("Effect", "Deny", "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))), 2);
    }

    @Test
    void theConsumerIsTheMailerJarOnJava21Arm64WithATimeoutTheQueueRespects() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "callbridge-dev-mail-consumer",
                "Runtime", "java21", "Architectures", List.of("arm64"), "MemorySize", 512, "Timeout", 30,
                "Handler", "dev.callbridge.mailer.lambda.MailerHandler::handleRequest",
                "Environment", Map.of("Variables", Map.of("MAIL_FROM", "callbridge@example.org",
                        "MAIL_DEFAULT_RECIPIENT", "ops@example.org", "MAIL_ZONE", "Asia/Tokyo",
                        "LEDGER_TABLE", Map.of("Ref", Match.stringLikeRegexp("Ledger.*"))))));
        assertEquals(180, MailStack.FUNCTION_TIMEOUT.toSeconds().intValue() * 6, "visibility ≥ 6 × timeout");
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10, "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Summaries.*"), "Arn"))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/lambda/callbridge-dev-mail-consumer", "RetentionInDays", 14));
    }

    @Test
    void theLedgerIsOnDemandWithTtlAndRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "callbridge-dev-mail-ledger",
                "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void theSenderIdentityExists() {
        template.hasResourceProperties("AWS::SES::EmailIdentity", Map.of("EmailIdentity", "callbridge@example.org"));
    }

    @Test
    void iamGrantsExactlyWhatEachPieceCalls() {
        var policies = template.findResources("AWS::IAM::Policy");
        System.out.println("consumer policy statements: " + policies.values().iterator().next());
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ConsumerLogs.*"), "Arn"))),
                Map.of("Effect", "Allow", "Action", List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
                                "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Summaries.*"), "Arn"))),
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:DeleteItem"),
                        "Resource", List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Ledger.*"), "Arn")))),
                Map.of("Effect", "Allow", "Action", List.of("ses:SendEmail", "ses:SendRawEmail"),
                        "Resource", List.of(sesIdentity("callbridge@example.org"), sesIdentity("ops@example.org")))))));
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of(
                "ManagedPolicyName", "callbridge-dev-bridge-producer",
                "PolicyDocument", Map.of("Statement", List.of(Map.of("Effect", "Allow", "Action", "sqs:SendMessage",
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Summaries.*"), "Arn")))))));
        template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    private static Map<String, Object> sesIdentity(String identity) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":ses:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":identity/" + identity)));
    }

    @Test
    void alarmsWatchDeadLettersAndConsumerErrorsAndNotifyTheTopic() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "callbridge-dev-mail-dead-letters",
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS", "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("Alarms.*")))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "callbridge-dev-mail-consumer-errors",
                "MetricName", "Errors", "Namespace", "AWS/Lambda", "Threshold", 1));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "alarms@example.org"));
    }

    @Test
    void outputsTellTheBridgeWhatToUse() {
        template.hasOutput("QueueUrl", Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("Summaries.*"))));
        template.hasOutput("BridgeSettings", Match.objectLike(Map.of()));
        template.hasOutput("BridgeProducerPolicyArn", Match.objectLike(Map.of()));
        template.hasOutput("ConsumerLogGroup", Match.objectLike(Map.of()));
    }

    @Test
    void cdkNagAwsSolutionsFindsNothing() {
        var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        var warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        errors.forEach(e -> System.out.println("nag error: " + e.getEntry().getData()));
        warnings.forEach(w -> System.out.println("nag warning: " + w.getEntry().getData()));
        System.out.printf("cdk-nag: expected 0 errors and 0 warnings, actual %d and %d%n", errors.size(), warnings.size());
        assertEquals(List.of(), errors);
        assertEquals(List.of(), warnings);
    }

    @Test
    void badContextIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MailStackProps.Sender(Optional.of("a@b.c"), Optional.of("b.c")));
        System.out.println(e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MailStackProps.retention(4));
    }
}
