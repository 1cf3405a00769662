package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.CallAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-call tokens: the voice webhook mints one for the call SID Twilio gave it, passes it to the Media Stream as a
 * {@code <Parameter>}, and the stream's {@code start} must carry it. A token is {@code <expiry epoch s>.<HMAC>}, the
 * HMAC-SHA256 of {@code callSid.expiry} under a key derived from the Twilio auth token, so that every bridge
 * instance sharing the auth token accepts it and nothing else can forge one. Thread-safe.
 */
public final class CallTokens implements CallAuthenticator {
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public CallTokens(String authToken, Duration ttl, Clock clock) {
        if (authToken.isBlank()) {
            throw new IllegalArgumentException("call tokens need the Twilio auth token");
        }
        this.key = hmac(("callbridge call token key").getBytes(StandardCharsets.UTF_8),
                authToken.getBytes(StandardCharsets.UTF_8));
        this.ttl = ttl;
        this.clock = clock;
    }

    public String mint(String callSid) {
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return expiry + "." + sign(callSid, expiry);
    }

    /** Whether {@code token} was minted for {@code callSid} and has not expired. */
    @Override
    public boolean verify(String callSid, String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (clock.instant().getEpochSecond() > expiry) {
            return false;
        }
        byte[] expected = sign(callSid, expiry).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String callSid, long expiry) {
        byte[] mac = hmac(key, (callSid + "." + expiry).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
