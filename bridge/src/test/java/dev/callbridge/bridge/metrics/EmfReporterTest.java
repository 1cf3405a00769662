package dev.callbridge.bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfReporterTest {
    @Test
    void activeCallsIsAnEmbeddedMetricRecordCloudWatchCanExtract() {
        var clock = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
        try (var reporter = new EmfReporter("Callbridge", "dev", clock)) {
            String line = reporter.line(Map.of("activeCalls", 42L, "callsStarted", 100L));
            String expected = "{\"_aws\":{\"Timestamp\":1795334400000,\"CloudWatchMetrics\":[{\"Namespace\":\"Callbridge\","
                    + "\"Dimensions\":[[\"Environment\"]],\"Metrics\":[{\"Name\":\"ActiveCalls\",\"Unit\":\"Count\"}]}]},"
                    + "\"Environment\":\"dev\",\"ActiveCalls\":42}";
            System.out.println("expected " + expected + "\nactual   " + line);
            assertEquals(expected, line);
        }
    }
}
