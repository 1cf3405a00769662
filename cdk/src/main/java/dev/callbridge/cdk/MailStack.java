package dev.callbridge.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The summary-mail pipeline: the summary queue (1 MiB messages, SSE, TLS only) with a dead-letter queue, the
 * consumer Lambda (the mailer's shaded jar; Java 21 on arm64) fed by an SQS event source that reports batch item
 * failures, the DynamoDB ledger it de-duplicates with, the SES sender identity, log retention, alarms on dead
 * letters and consumer errors, and a managed policy that lets a bridge publish. IAM grants exactly the calls each
 * piece makes.
 */
public final class MailStack extends Stack {
    /** The consumer's timeout; the queue's visibility timeout is six times this, as AWS advises. */
    static final Duration FUNCTION_TIMEOUT = Duration.seconds(30);
    static final int MAX_RECEIVES = 5;
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    static final String HANDLER = "dev.callbridge.mailer.lambda.MailerHandler::handleRequest";

    private final Queue queue;
    private final Queue deadLetters;
    private final Function consumer;
    private final Table ledger;

    public MailStack(Construct scope, String id, StackProps stackProps, MailStackProps props) {
        super(scope, id, stackProps);
        String prefix = "callbridge-" + props.environment();

        deadLetters = Queue.Builder.create(this, "DeadLetters").queueName(prefix + "-summaries-dlq")
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        queue = Queue.Builder.create(this, "Summaries").queueName(queueName(props.environment()))
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .visibilityTimeout(Duration.seconds(FUNCTION_TIMEOUT.toSeconds().intValue() * 6)).retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVES).build()).build();

        ledger = Table.Builder.create(this, "Ledger").tableName(prefix + "-mail-ledger")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST).timeToLiveAttribute("expiresAt")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY).build();

        EmailIdentity identity = EmailIdentity.Builder.create(this, "Sender")
                .identity(props.sender().email().map(Identity::email).orElseGet(() -> Identity.domain(props.sender().domain().orElseThrow())))
                .build();

        LogGroup logs = LogGroup.Builder.create(this, "ConsumerLogs").logGroupName("/aws/lambda/" + prefix + "-mail-consumer")
                .retention(props.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        Role role = Role.Builder.create(this, "ConsumerRole").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("callbridge mail consumer: its log group, the summary queue, the ledger, SES send").build();
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn())).build());

        consumer = Function.Builder.create(this, "Consumer").functionName(prefix + "-mail-consumer")
                .runtime(Runtime.JAVA_21).architecture(Architecture.ARM_64).memorySize(512).timeout(FUNCTION_TIMEOUT)
                .handler(HANDLER).code(Code.fromAsset(props.lambdaJar().toString())).role(role).logGroup(logs)
                .environment(new java.util.TreeMap<>(Map.of("MAIL_FROM", props.sender().from(), "MAIL_DEFAULT_RECIPIENT", props.defaultRecipient(),
                        "MAIL_ZONE", props.zone(), "LEDGER_TABLE", ledger.getTableName(),
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))
                .build();
        NagSuppressions.addResourceSuppressions(consumer, List.of(NagPackSuppression.builder().id("AwsSolutions-L1")
                .reason("Java 21 on purpose: the project compiles to release 21 and the issue fixes the Lambda runtime to "
                        + "Java 21; move to a newer runtime together with the compiler release").build()));
        consumer.addEventSource(SqsEventSource.Builder.create(queue).batchSize(10).reportBatchItemFailures(true)
                .maxBatchingWindow(Duration.seconds(1)).build());
        ledger.grant(consumer, "dynamodb:PutItem", "dynamodb:DeleteItem");
        // SES checks the From identity and, in the sandbox, each recipient identity.
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                .resources(List.of(identityArn(props.sender().identity()), identityArn(props.defaultRecipient()))).build());

        Topic alarms = Topic.Builder.create(this, "Alarms").topicName(prefix + "-mail-alarms").enforceSsl(true)
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns")).build();
        props.alarmEmail().ifPresent(e -> alarms.addSubscription(new EmailSubscription(e)));
        Alarm.Builder.create(this, "DeadLettersAlarm").alarmName(prefix + "-mail-dead-letters")
                .alarmDescription("A summary mail failed " + MAX_RECEIVES + " times and is in the dead-letter queue")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1).evaluationPeriods(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build().addAlarmAction(new SnsAction(alarms));
        Alarm.Builder.create(this, "ConsumerErrorsAlarm").alarmName(prefix + "-mail-consumer-errors")
                .alarmDescription("The mail consumer Lambda failed (whole invocations, not single messages)")
                .metric(consumer.metricErrors(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()))
                .threshold(1).evaluationPeriods(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build().addAlarmAction(new SnsAction(alarms));

        ManagedPolicy producer = ManagedPolicy.Builder.create(this, "BridgeProducerPolicy")
                .managedPolicyName(prefix + "-bridge-producer")
                .description("Lets a callbridge bridge put summaries on the queue").statements(List.of(
                        PolicyStatement.Builder.create().actions(List.of("sqs:SendMessage"))
                                .resources(List.of(queue.getQueueArn())).build())).build();

        output("QueueUrl", queue.getQueueUrl(), "the summary queue");
        output("DeadLetterQueueUrl", deadLetters.getQueueUrl(), "poison messages end here");
        output("LedgerTable", ledger.getTableName(), "de-duplication ledger");
        output("ConsumerFunction", consumer.getFunctionName(), "the consumer Lambda");
        output("ConsumerLogGroup", logs.getLogGroupName(), "aws logs tail <this> --follow");
        output("SenderIdentity", identity.getEmailIdentityName(), "verify it in SES before mails go out");
        output("BridgeProducerPolicyArn", producer.getManagedPolicyArn(), "attach to the bridge's role or user");
        output("BridgeSettings", "--callbridge.mail.queue-url=" + queue.getQueueUrl() + " --callbridge.mail.region="
                + getRegion(), "flags for a bridge that publishes to this queue");
    }

    /** The summary queue's name in an environment (the bridge stack finds it by this name). */
    public static String queueName(String environment) {
        return "callbridge-" + environment + "-summaries";
    }

    private String identityArn(String identity) {
        return formatArn(ArnComponents.builder().service("ses").resource("identity").resourceName(identity).build());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Function consumer() {
        return consumer;
    }

    public Table ledger() {
        return ledger;
    }
}
