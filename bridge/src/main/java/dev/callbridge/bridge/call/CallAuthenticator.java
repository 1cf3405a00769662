package dev.callbridge.bridge.call;

/**
 * Checks the per-call token a stream's {@code start} (or a relay's {@code setup}) carries: the proof that the voice
 * webhook, which only Twilio can call with a valid signature, opened this call. Implemented at the Twilio edge.
 */
public interface CallAuthenticator {
    /**
     * Whether {@code token} was minted for {@code subject} and has not expired: a text call's SID, or a voice call's
     * {@link #voiceSubject} (the token binds the call to the persona the webhook chose).
     */
    boolean verify(String subject, String token);

    /** What a voice call's token is minted for: its SID and its persona. */
    static String voiceSubject(String callSid, String persona) {
        return callSid + "/" + persona;
    }
}
