package dev.callbridge.bridge.twilio;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature} with twilio-java's {@link RequestValidator}, always against the public URL
 * Twilio called (behind a proxy the bridge sees another one). For the Media Streams handshake the signed string is
 * the stream URL with no parameters; it is tried as {@code wss://} and, for TLS-terminating proxies, {@code https://}
 * (the same for {@code ws://} and {@code http://} in local use).
 */
public final class TwilioSignatures {
    public static final String HEADER = "X-Twilio-Signature";

    private final RequestValidator validator;

    public TwilioSignatures(String authToken) {
        this.validator = new RequestValidator(authToken);
    }

    public boolean webhook(String publicUrl, Map<String, String> params, String signature) {
        return signature != null && !signature.isEmpty() && validator.validate(publicUrl, params, signature);
    }

    public boolean stream(URI streamUrl, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        String url = streamUrl.toString();
        String alternative = url.startsWith("wss://") ? "https://" + url.substring(6)
                : url.startsWith("ws://") ? "http://" + url.substring(5) : url;
        return validator.validate(url, Map.of(), signature) || validator.validate(alternative, Map.of(), signature);
    }
}
