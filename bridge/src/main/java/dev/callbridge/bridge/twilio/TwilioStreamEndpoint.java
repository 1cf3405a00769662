package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.TwilioCall;
import dev.callbridge.bridge.websocket.TextSocket;
import dev.callbridge.bridge.websocket.SocketListener;
import dev.callbridge.bridge.websocket.StreamEndpoint;
import java.util.Map;
import java.util.function.Function;

/**
 * A Twilio WebSocket path ({@code /media-stream}, {@code /conversation-relay}) on the bridge's own
 * event-loop server ({@code NettyWebSocketServer}): one {@link TwilioCall} per socket,
 * driven by whatever thread reads the socket (its reader thread, or its event loop). The same contract as {@link TwilioSocketHandler} on the servlet container.
 */
public final class TwilioStreamEndpoint implements StreamEndpoint {
    private final String protocol;
    private final java.util.function.BiPredicate<String, String> signatureAccepted;
    private final Function<TextSocket, TwilioCall> calls;

    /**
     * @param protocol names the protocol in close reasons, e.g. {@code Media Streams}
     * @param signatureAccepted decides the upgrade's {@code X-Twilio-Signature} (empty when absent) from an address
     * @param calls makes the call for a new socket
     */
    public TwilioStreamEndpoint(String protocol, java.util.function.BiPredicate<String, String> signatureAccepted, Function<TextSocket, TwilioCall> calls) {
        this.protocol = protocol;
        this.signatureAccepted = signatureAccepted;
        this.calls = calls;
    }

    @Override
    public boolean accepts(Map<String, String> headers, String remoteAddress) {
        return signatureAccepted.test(headers.getOrDefault(TwilioSignatures.HEADER, ""), remoteAddress);
    }

    @Override
    public SocketListener open(TextSocket socket) {
        TwilioCall call = calls.apply(socket);
        return new SocketListener() {
            @Override
            public void onText(String text) {
                call.onTwilioText(text);
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
}
