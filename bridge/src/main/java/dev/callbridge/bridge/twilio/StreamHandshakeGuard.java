package dev.callbridge.bridge.twilio;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a Twilio WebSocket upgrade (Media Streams or ConversationRelay) without a valid {@code X-Twilio-Signature}
 * for its URL: 403, no socket, no OpenAI session. The WebSocket server asks {@link #signed} at each upgrade.
 */
public final class StreamHandshakeGuard {
    private static final Logger log = LoggerFactory.getLogger(StreamHandshakeGuard.class);

    private final TwilioSignatures signatures;
    private final URI streamUrl;

    public StreamHandshakeGuard(TwilioSignatures signatures, URI streamUrl) {
        this.signatures = signatures;
        this.streamUrl = streamUrl;
    }

    /** Whether {@code signature} (null or empty when absent) signs this stream's URL; logs a refusal. */
    public boolean signed(String signature, String remoteAddress) {
        if (signatures.stream(streamUrl, signature)) {
            return true;
        }
        log.warn("refused a WebSocket upgrade to {} from {}: missing or invalid X-Twilio-Signature", streamUrl.getPath(),
                remoteAddress);
        return false;
    }
}
