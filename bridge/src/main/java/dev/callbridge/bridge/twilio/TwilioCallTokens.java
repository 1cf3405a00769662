package dev.callbridge.bridge.twilio;

import java.util.Optional;

/**
 * The per-call tokens of this bridge, when it validates Twilio's signatures: the voice webhook mints them, the call
 * sessions verify them (as a {@code CallAuthenticator}). Empty in local mode, where there may be no key to mint with.
 */
public record TwilioCallTokens(Optional<CallTokens> tokens) {
    public TwilioCallTokens {
        java.util.Objects.requireNonNull(tokens);
    }
}
