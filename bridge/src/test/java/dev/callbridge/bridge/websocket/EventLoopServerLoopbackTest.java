package dev.callbridge.bridge.websocket;

import java.util.Map;

/**
 * Every test of {@link WebSocketLoopbackTest} again with the event-loop server under test
 * ({@link NettyWebSocketServer}, one loop): the same messages, refusals, close statuses and reports as the own
 * server, before the own client, the JDK's, the event-loop client and raw bytes.
 */
class EventLoopServerLoopbackTest extends WebSocketLoopbackTest {
    @Override
    Served serve(ServerSettings settings, Map<String, StreamEndpoint> endpoints) throws Exception {
        var loops = EventLoops.create(1);
        var server = new NettyWebSocketServer(settings, loops);
        int port = server.bind();
        server.start(endpoints);
        return new Served(port, () -> {
            server.close();
            loops.close();
        });
    }
}
