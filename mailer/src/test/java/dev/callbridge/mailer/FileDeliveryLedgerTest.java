package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.ledger.DeliveryLedger;
import dev.callbridge.mailer.ledger.FileDeliveryLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeliveryLedgerTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T04:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void oneClaimWinsSentIsFinalAndReleaseLetsARetryIn(@TempDir Path dir) {
        var clock = new MovableClock();
        var ledger = new FileDeliveryLedger(dir, clock, Duration.ofMinutes(5));
        assertTrue(ledger.claim("CA1"), "first claim");
        assertFalse(ledger.claim("CA1"), "a second consumer while the first holds it");
        ledger.release("CA1"); // the send failed
        assertTrue(ledger.claim("CA1"), "the redelivery may try again");
        ledger.sent("CA1");
        assertEquals(DeliveryLedger.Claim.SENT, ledger.tryClaim("CA1"), "never again once sent");
        assertFalse(new FileDeliveryLedger(dir, clock, Duration.ofMinutes(5)).claim("CA1"), "not after a restart either");
    }

    @Test
    void aClaimLeftByACrashedConsumerLapsesAfterTheLease(@TempDir Path dir) {
        var clock = new MovableClock();
        var ledger = new FileDeliveryLedger(dir, clock, Duration.ofMinutes(5));
        assertTrue(ledger.claim("CA2")); // …and the consumer dies before sending
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertEquals(DeliveryLedger.Claim.HELD, ledger.tryClaim("CA2"), "still within the lease: held, not sent");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertTrue(ledger.claim("CA2"), "lapsed: the mail goes out rather than being lost");
    }

    /** A sent record outlives any redelivery (the queue keeps a message 14 days at most), then expires. */
    @Test
    void sentRecordsExpireAfterTheRetentionSoTheLedgerDoesNotGrowForEver(@TempDir Path dir) throws Exception {
        var clock = new MovableClock();
        var ledger = new FileDeliveryLedger(dir, clock, Duration.ofMinutes(5), Duration.ofDays(14));
        assertTrue(ledger.claim("CA3:MZ3"));
        ledger.sent("CA3:MZ3");
        clock.now = clock.now.plus(Duration.ofDays(13));
        assertTrue(ledger.claim("CA4:MZ4"));
        ledger.sent("CA4:MZ4"); // more than an hour since the last sweep: sweeps, CA3 is 13 days old and stays
        int early = ledger.expire();
        assertEquals(DeliveryLedger.Claim.SENT, ledger.tryClaim("CA3:MZ3"), "13 days on: still remembered");
        clock.now = clock.now.plus(Duration.ofDays(1).plusMinutes(1));
        int expired = ledger.expire();
        long left;
        try (var files = java.nio.file.Files.list(dir)) {
            left = files.count();
        }
        System.out.printf("expired at 13 days: expected 0, actual %d; at 14 days: expected 1, actual %d; files left: "
                + "expected 1 (CA4), actual %d%n", early, expired, left);
        assertEquals(0, early);
        assertEquals(1, expired);
        assertEquals(1, left);
        assertEquals(DeliveryLedger.Claim.SENT, ledger.tryClaim("CA4:MZ4"));
    }
}
