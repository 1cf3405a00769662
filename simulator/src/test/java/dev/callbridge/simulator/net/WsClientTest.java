package dev.callbridge.simulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.fake.FakeRealtimeServer;
import dev.callbridge.simulator.fake.Replies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's event-loop WebSocket client against its event-loop Realtime stand-in, over loopback. */
class WsClientTest {
    private final Loops loops = new Loops("test-loop", 1);
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WsClient.Listener listener = new WsClient.Listener() {
        @Override
        public void onText(String text) {
            texts.add(text);
        }

        @Override
        public void onClose(int status, String reason) {
            closed.complete(status + " " + reason);
        }
    };
    private FakeRealtimeServer server;

    @AfterEach
    void stop() {
        server.close();
        loops.close();
    }

    private WsClient.Connection open(FakeOptions.Faults faults) throws Exception {
        server = new FakeRealtimeServer("127.0.0.1", 0, new Replies(List.of(), -45),
                new FakeOptions(4.0, 100, 0, false, 1).withFaults(faults), Optional.empty()).start();
        return WsClient.connect(loops, server.url(), Map.of("X-Client-Request-Id", "CAtest"), listener)
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void exchangesTextAndClosesWithTheHandshake() throws Exception {
        WsClient.Connection ws = open(FakeOptions.Faults.NONE);
        String greeting = texts.poll(5, TimeUnit.SECONDS);
        System.out.println("first message: expected session.created, actual " + greeting);
        assertTrue(greeting != null && greeting.contains("\"type\":\"session.created\""), greeting);

        ws.send("{\"type\":\"no.such.event\"}");
        ws.flush();
        String error = texts.poll(5, TimeUnit.SECONDS);
        System.out.println("unknown event: expected an unknown_event error, actual " + error);
        assertTrue(error != null && error.contains("\"code\":\"unknown_event\""), error);

        ws.close(1000, "stop");
        String close = closed.get(5, TimeUnit.SECONDS);
        System.out.println("our close: expected the stand-in's answer 1000 stop, actual " + close);
        assertEquals("1000 stop", close);
    }

    @Test
    void thePeersCloseReachesTheListenerWithItsStatusAndReason() throws Exception {
        open(new FakeOptions.Faults(Duration.ofMillis(300), 0, 0)); // the session expires after 300 ms
        String close = closed.get(5, TimeUnit.SECONDS);
        System.out.println("expiry: expected 1001 Your session hit the maximum duration, actual " + close);
        assertEquals("1001 Your session hit the maximum duration", close);
        assertEquals(1L, server.stats().get("sessionsExpired"));
    }

    @Test
    void aRefusedHandshakeFailsTheConnect() throws Exception {
        server = new FakeRealtimeServer("127.0.0.1", 0, new Replies(List.of(), -45),
                new FakeOptions(4.0, 100, 0, false, 1).withFaults(new FakeOptions.Faults(Duration.ZERO, 0, 0.999)),
                Optional.empty()).start();
        var connect = WsClient.connect(loops, server.url(), Map.of(), listener);
        String failure = connect.handle((c, e) -> String.valueOf(e)).get(5, TimeUnit.SECONDS);
        System.out.println("refused connect: expected a handshake failure naming 503, actual " + failure);
        assertTrue(failure.contains("503"), failure);
        assertEquals(1L, server.stats().get("connectsRefused"));
    }
}
