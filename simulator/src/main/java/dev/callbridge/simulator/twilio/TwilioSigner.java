package dev.callbridge.simulator.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests as Twilio does ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the account's auth
 * token, over the full URL followed by every POST parameter as name then value, names sorted. Written here from the
 * documented algorithm, independently of twilio-java, so that the bridge's validation is checked against a second
 * implementation. Thread-safe.
 */
public final class TwilioSigner {
    private final byte[] authToken;

    public TwilioSigner(String authToken) {
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
