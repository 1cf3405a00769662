package dev.callbridge.mailer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.DynamoDbDeliveryLedger;
import dev.callbridge.mailer.mail.AwsClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS ledger's wire contract, against WireMock speaking DynamoDB's JSON protocol (no DynamoDB stand-in runs
 * in-process here): the claim is a conditional put that only an absent or lapsed claim passes, a failed condition
 * means "already taken", and sent is an unconditional put.
 */
class DynamoDbDeliveryLedgerTest {
    private static final String PUT = "DynamoDB_20120810.PutItem";
    private static final String CONDITIONAL_FAILED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + "ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}";
    private WireMockServer dynamo;

    @BeforeEach
    void start() {
        dynamo = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        dynamo.start();
    }

    @AfterEach
    void stop() {
        dynamo.stop();
    }

    @Test
    void theFirstClaimWinsByConditionalPutAndTheSecondIsRefused() {
        dynamo.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT)).inScenario("claims")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}"))
                .willSetStateTo("taken"));
        dynamo.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT)).inScenario("claims")
                .whenScenarioStateIs("taken").willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.0").withBody(CONDITIONAL_FAILED)));
        List<Boolean> claims = withLedger(ledger -> List.of(ledger.claim("CA1"), ledger.claim("CA1")));
        System.out.printf("claims: expected true then false, actual %s then %s%n", claims.get(0), claims.get(1));
        assertTrue(claims.get(0));
        assertFalse(claims.get(1));
        dynamo.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT))
                .withRequestBody(equalToJson("""
                        {"TableName":"callbridge-ledger",
                         "Item":{"id":{"S":"CA1"},"state":{"S":"claimed"},"at":{"N":"1795000000"},
                                 "expiresAt":{"N":"1796296000"}},
                         "ConditionExpression":"attribute_not_exists(id) OR (#state = :claimed AND #at < :lapsed)",
                         "ExpressionAttributeNames":{"#state":"state","#at":"at"},
                         "ExpressionAttributeValues":{":claimed":{"S":"claimed"},":lapsed":{"N":"1794999700"}},
                         "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}
                        """)));
        assertEquals(2, dynamo.getAllServeEvents().size());
    }

    /** A refused claim says whether the mail went out (skip it) or another delivery holds it (try again later). */
    @Test
    void aRefusedClaimTellsSentFromHeldByTheItemThatFailedTheCondition() {
        dynamo.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"CA-sent\""))
                .willReturn(refused("sent")));
        dynamo.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PUT))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"CA-held\""))
                .willReturn(refused("claimed")));
        List<DeliveryLedger.Claim> claims = withLedger(ledger -> List.of(ledger.tryClaim("CA-sent"),
                ledger.tryClaim("CA-held")));
        System.out.printf("refused claims: expected SENT and HELD, actual %s and %s%n", claims.get(0), claims.get(1));
        assertEquals(List.of(DeliveryLedger.Claim.SENT, DeliveryLedger.Claim.HELD), claims);
    }

    /** A ledger on table {@code callbridge-ledger} talking to the WireMock DynamoDB, for the length of {@code use}. */
    private <T> T withLedger(Function<DynamoDbDeliveryLedger, T> use) {
        var clock = Clock.fixed(Instant.ofEpochSecond(1_795_000_000L), ZoneOffset.UTC);
        try (var client = AwsClients.dynamo("us-east-1", Optional.of(URI.create(dynamo.baseUrl())))) {
            return use.apply(new DynamoDbDeliveryLedger(client, "callbridge-ledger", clock, Duration.ofMinutes(5),
                    Duration.ofDays(15)));
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refused(String state) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                        + "\"message\":\"The conditional request failed\",\"Item\":{\"id\":{\"S\":\"x\"},"
                        + "\"state\":{\"S\":\"" + state + "\"},\"at\":{\"N\":\"1794999999\"}}}");
    }
}
