package dev.callbridge.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured bearer token for an operational endpoint ({@code /mail}, {@code /stats}): compared in constant time
 * with what an {@code Authorization: Bearer <token>} header carries. Blank means none is configured.
 */
public final class BearerToken {
    private final byte[] token;

    public BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return token.length > 0;
    }

    /** Whether {@code authorization} (the header's value, null when absent) carries this token. */
    public boolean admits(String authorization) {
        return configured() && authorization != null && MessageDigest.isEqual(token,
                authorization.replaceFirst("(?i)^Bearer ", "").getBytes(StandardCharsets.UTF_8));
    }
}
