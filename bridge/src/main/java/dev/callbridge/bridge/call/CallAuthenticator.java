package dev.callbridge.bridge.call;

/**
 * Checks the per-call token a stream's {@code start} (or a relay's {@code setup}) carries: the proof that the voice
 * webhook, which only Twilio can call with a valid signature, opened this call. Implemented at the Twilio edge.
 */
public interface CallAuthenticator {
    /** Whether {@code token} was minted for {@code callSid} and has not expired. */
    boolean verify(String callSid, String token);
}
