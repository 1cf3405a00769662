package dev.callbridge.bridge.call;

/**
 * A call as its Twilio socket drives it, whatever the protocol: {@code E} is the protocol's decoded message
 * (Media Streams' {@code TwilioEvent}, ConversationRelay's {@code RelayMessage}); the socket edge decodes each text
 * frame and hands the calls values, in order on one thread, then the close. Malformed input ends the call, never
 * the bridge.
 */
public interface TwilioCall<E> {
    void onTwilio(E message);

    /** Ends the call because of bad input or a broken leg, closing its socket with {@code status} and a reason. */
    void fail(int status, String reason);

    /** The Twilio socket closed (by Twilio, the network, or us). */
    void onTwilioClosed(int status, String reason);
}
