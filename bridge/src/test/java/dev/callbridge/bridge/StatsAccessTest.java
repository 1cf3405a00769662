package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /stats} is not public: through a proxy or load balancer (which adds {@code X-Forwarded-For}) it is
 * refused unless it carries the configured token; {@code GET /health} is open and says nothing but that it is up.
 */
class StatsAccessTest {
    private static int get(BridgeHarness bridge, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(bridge.url.resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return bridge.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void withoutATokenOnlyThisMachineReadsTheStats(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.warm-up-frames=0")) {
            List<Integer> actual = List.of(get(bridge, "/stats"), get(bridge, "/stats", "X-Forwarded-For", "203.0.113.7"),
                    get(bridge, "/stats", "Forwarded", "for=203.0.113.7"), get(bridge, "/health"),
                    get(bridge, "/health", "X-Forwarded-For", "203.0.113.7"));
            System.out.println("loopback, via a proxy (2 ways), health, health via a proxy: expected [200, 403, 403, 200, 200], "
                    + "actual " + actual);
            assertEquals(List.of(200, 403, 403, 200, 200), actual);
            String health = bridge.http.send(HttpRequest.newBuilder(bridge.url.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            System.out.println("health body: expected {\"status\":\"UP\"}, actual " + health);
            assertEquals("{\"status\":\"UP\"}", health);
        }
    }

    @Test
    void withATokenTheStatsAskForIt(@TempDir Path work) throws Exception {
        String token = "stats-token-0123456789";
        try (var bridge = new BridgeHarness(work, "--callbridge.calls.warm-up-frames=0", "--callbridge.stats.token=" + token)) {
            var actual = new ArrayList<Integer>();
            actual.add(get(bridge, "/stats"));
            actual.add(get(bridge, "/stats", "Authorization", "Bearer wrong-token-0123456789"));
            actual.add(get(bridge, "/stats", "Authorization", "Bearer " + token, "X-Forwarded-For", "203.0.113.7"));
            System.out.println("no token, a wrong one, the right one via a proxy: expected [401, 401, 200], actual " + actual);
            assertEquals(List.of(401, 401, 200), actual);
            String body = bridge.http.send(HttpRequest.newBuilder(bridge.url.resolve("/stats"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertFalse(body.isBlank());
        }
    }
}
