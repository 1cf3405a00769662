package dev.callbridge.mailer.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The ledger in AWS: a DynamoDB table keyed by {@code id} (string), written with conditional puts so that exactly
 * one consumer wins a claim. Items carry {@code state} ({@code claimed} | {@code sent}), {@code at} (epoch seconds)
 * and {@code expiresAt} for the table's TTL, so the table does not grow without bound.
 */
public final class DynamoDbDeliveryLedger implements DeliveryLedger {
    private static final String CLAIMED = "claimed";
    private static final String SENT = "sent";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration lease;
    private final Duration retention;

    public DynamoDbDeliveryLedger(DynamoDbClient dynamo, String table, Clock clock, Duration lease, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.lease = lease;
        this.retention = retention;
    }

    @Override
    public Claim tryClaim(String id) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(item(id, CLAIMED, now))
                    .conditionExpression("attribute_not_exists(id) OR (#state = :claimed AND #at < :lapsed)")
                    .expressionAttributeNames(Map.of("#state", "state", "#at", "at"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED),
                            ":lapsed", n(now - lease.toSeconds())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.TAKEN;
        } catch (ConditionalCheckFailedException e) {
            // The item that failed the condition says which: sent, or a live claim (unknown counts as live, so a
            // redelivery tries again rather than skipping a mail that may never have gone out).
            AttributeValue state = e.hasItem() ? e.item().get("state") : null;
            return state != null && SENT.equals(state.s()) ? Claim.SENT : Claim.HELD;
        }
    }

    @Override
    public void sent(String id) {
        dynamo.putItem(b -> b.tableName(table).item(item(id, SENT, clock.instant().getEpochSecond())));
    }

    @Override
    public void release(String id) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(id)))
                    .conditionExpression("#state = :claimed")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED))));
        } catch (ConditionalCheckFailedException e) {
            // already sent by someone else, or never claimed: nothing to give back
        }
    }

    private Map<String, AttributeValue> item(String id, String state, long at) {
        return Map.of("id", s(id), "state", s(state), "at", n(at), "expiresAt", n(at + retention.toSeconds()));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
