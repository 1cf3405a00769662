package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.twilio.TwiML;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code callbridge.twilio.validate-signatures=false} without any auth token (the README's "local use"): the bridge
 * starts, answers an unsigned webhook, accepts an unsigned stream and opens its OpenAI session without a call token.
 */
class UnsignedLocalModeTest {
    @Test
    void withoutSignaturesAndWithoutAnAuthTokenTheBridgeStartsAndTakesAnUnsignedCall(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.twilio.validate-signatures=false",
                "--callbridge.twilio.auth-token=")) {
            var webhook = bridge.webhook("CAunsigned0000000000000000000001", false);
            var twiml = TwiML.parse(webhook.body());
            System.out.printf("unsigned webhook: expected 200 and a stream without a token, actual %d %s%n",
                    webhook.statusCode(), twiml.parameters());
            assertEquals(200, webhook.statusCode());
            assertFalse(twiml.parameters().containsKey("token"), twiml.parameters().toString());

            long sessionsBefore = bridge.fake.stats().get("sessions");
            WebSocket ws = bridge.http.newWebSocketBuilder().buildAsync(bridge.mediaStreamUrl(), new WebSocket.Listener() {})
                    .get();
            ws.sendText(MediaStreamCodec.encodeEvent(new TwilioEvent.Start(1, "MZunsigned", "AC1",
                    "CAunsigned0000000000000000000001", List.of("inbound"), Map.copyOf(twiml.parameters()),
                    TwilioEvent.MediaFormat.MULAW_8K)), true).join();
            BridgeHarness.waitUntil(Duration.ofSeconds(10), () -> bridge.fake.stats().get("sessions") > sessionsBefore);
            long sessions = bridge.fake.stats().get("sessions") - sessionsBefore;
            System.out.println("OpenAI sessions opened for the unsigned stream: expected 1, actual " + sessions);
            assertEquals(1, sessions);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            assertTrue(bridge.mails(List.of("CAunsigned0000000000000000000001"), Duration.ofSeconds(20))
                    .containsKey("CAunsigned0000000000000000000001"), "the call is mailed");
        }
    }
}
