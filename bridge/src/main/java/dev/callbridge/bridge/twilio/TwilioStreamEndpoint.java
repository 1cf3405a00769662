package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.TwilioCall;
import dev.callbridge.bridge.websocket.SocketListener;
import dev.callbridge.bridge.websocket.StreamEndpoint;
import dev.callbridge.bridge.websocket.TextSocket;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayMessage;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A Twilio WebSocket path ({@code /media-stream}, {@code /conversation-relay}) on the event-loop server: one
 * {@link TwilioCall} per socket, driven by the socket's event loop. This is the socket edge: each text frame is
 * decoded here, and the call receives the protocol's typed messages; a frame that does not decode ends its own call
 * (close 1008, with the reason), a binary frame too (1003).
 *
 * @param <E> the protocol's decoded message
 */
public final class TwilioStreamEndpoint<E> implements StreamEndpoint {
    /** Decodes one text frame of a protocol. */
    @FunctionalInterface
    public interface Decoder<E> {
        E decode(String text) throws WireFormatException;
    }

    private final String protocol;
    private final Decoder<E> decoder;
    private final BiPredicate<String, String> signatureAccepted;
    private final Function<TextSocket, ? extends TwilioCall<E>> calls;

    /**
     * @param protocol names the protocol in close reasons, e.g. {@code Media Streams}
     * @param signatureAccepted decides the upgrade's {@code X-Twilio-Signature} (empty when absent) from an address
     * @param calls makes the call for a new socket
     */
    public TwilioStreamEndpoint(String protocol, Decoder<E> decoder, BiPredicate<String, String> signatureAccepted,
                                Function<TextSocket, ? extends TwilioCall<E>> calls) {
        this.protocol = protocol;
        this.decoder = decoder;
        this.signatureAccepted = signatureAccepted;
        this.calls = calls;
    }

    /** {@code /media-stream}: Media Streams events. */
    public static TwilioStreamEndpoint<TwilioEvent> mediaStreams(BiPredicate<String, String> signatureAccepted,
                                                                 Function<TextSocket, ? extends TwilioCall<TwilioEvent>> calls) {
        return new TwilioStreamEndpoint<>("Media Streams", MediaStreamCodec::decodeEvent, signatureAccepted, calls);
    }

    /** {@code /conversation-relay}: ConversationRelay messages. */
    public static TwilioStreamEndpoint<RelayMessage> conversationRelay(BiPredicate<String, String> signatureAccepted,
                                                                       Function<TextSocket, ? extends TwilioCall<RelayMessage>> calls) {
        return new TwilioStreamEndpoint<>("ConversationRelay", ConversationRelayCodec::decodeMessage, signatureAccepted,
                calls);
    }

    @Override
    public boolean accepts(Map<String, String> headers, String remoteAddress) {
        return signatureAccepted.test(headers.getOrDefault(TwilioSignatures.HEADER, ""), remoteAddress);
    }

    @Override
    public SocketListener open(TextSocket socket) {
        TwilioCall<E> call = calls.apply(socket);
        return new SocketListener() {
            @Override
            public void onText(String text) {
                deliver(text, call);
            }

            @Override
            public void onBinary(byte[] data) {
                call.fail(CloseCode.UNSUPPORTED_DATA, "binary frame: " + protocol + " messages are JSON text");
            }

            @Override
            public void onClosed(int code, String reason) {
                call.onTwilioClosed(code, reason);
            }
        };
    }

    /** Decodes one text frame for {@code call}: a message, or the call's end when it does not decode. */
    public void deliver(String text, TwilioCall<E> call) {
        E message;
        try {
            message = decoder.decode(text);
        } catch (WireFormatException e) {
            call.fail(CloseCode.POLICY_VIOLATION, "malformed " + protocol + " message: " + e.getMessage());
            return;
        }
        call.onTwilio(message);
    }
}
