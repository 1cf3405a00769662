package dev.callbridge.bridge.twilio;

import dev.callbridge.bridge.websocket.EndpointServer;
import java.net.URI;
import java.util.Optional;

/**
 * Where the TwiML sends Twilio's sockets, and the bridge's own or event-loop WebSocket server when it serves them (closed with the
 * application, after the calls have drained).
 *
 * @param mediaStream the {@code <Stream url>} of a voice call
 * @param conversationRelay the {@code <ConversationRelay url>} of a text call
 */
public record TwilioStreams(URI mediaStream, URI conversationRelay, Optional<EndpointServer> server) implements AutoCloseable {
    public static final String MEDIA_STREAM_PATH = "/media-stream";
    public static final String CONVERSATION_RELAY_PATH = "/conversation-relay";

    /** The two paths under {@code base} ({@code ws://host:port} or {@code wss://…/prefix}). */
    public static TwilioStreams under(URI base, Optional<EndpointServer> server) {
        String root = base.toString().replaceAll("/+$", "");
        return new TwilioStreams(URI.create(root + MEDIA_STREAM_PATH), URI.create(root + CONVERSATION_RELAY_PATH), server);
    }

    @Override
    public void close() {
        server.ifPresent(EndpointServer::close);
    }
}
