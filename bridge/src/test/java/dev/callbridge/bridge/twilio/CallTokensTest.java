package dev.callbridge.bridge.twilio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CallTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");

    private static CallTokens at(Instant now, String authToken) {
        return new CallTokens(authToken, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenIsGoodForItsCallUntilItExpires() {
        String token = at(NOW, "secret").mint("CA1");
        System.out.println("token: " + token);
        assertTrue(at(NOW.plusSeconds(299), "secret").verify("CA1", token), "within five minutes");
        assertTrue(at(NOW, "secret").verify("CA1", token), "another instance with the same auth token");
        assertFalse(at(NOW.plusSeconds(301), "secret").verify("CA1", token), "expired");
        assertFalse(at(NOW, "secret").verify("CA2", token), "another call");
        assertFalse(at(NOW, "other").verify("CA1", token), "another account");
    }

    @Test
    void tamperedOrMalformedTokensFail() {
        String token = at(NOW, "secret").mint("CA1");
        String later = (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600) + token.substring(token.indexOf('.'));
        assertFalse(at(NOW, "secret").verify("CA1", later), "expiry moved");
        for (String bad : new String[] {"", ".", "abc.def", "123", token + "x"}) {
            assertFalse(at(NOW, "secret").verify("CA1", bad), bad);
        }
    }
}
