package dev.callbridge.bridge.websocket;

import static dev.callbridge.bridge.websocket.WebSocketProtocol.*;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's former own WebSocket server, kept in the tests as an independent implementation to check the
 * event-loop client and server against (TLS included). A WebSocket server on its own port: one thread per connection (virtual unless told otherwise) reads the upgrade
 * request, routes it by path and then runs the connection's reader loop, so a message is parsed and delivered on the
 * thread that read it. Plain TCP behind a TLS-terminating load balancer or tunnel, or TLS itself with an {@code SSLServerSocketFactory}.
 */
public final class WebSocketServer implements EndpointServer {
    private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int INITIAL_BUFFER_BYTES = 4 * 1024;

    private final ServerSettings settings;
    private final SocketThreads threads;
    private final AtomicLong ids = new AtomicLong();
    private volatile Map<String, StreamEndpoint> endpoints = Map.of();
    private volatile ServerSocket serverSocket;

    private final ServerSocketFactory sockets;

    /** @param sockets plain TCP ({@link ServerSocketFactory#getDefault()}) or TLS (an {@code SSLServerSocketFactory}) */
    public WebSocketServer(ServerSettings settings, ServerSocketFactory sockets, SocketThreads threads) {
        this.settings = settings;
        this.sockets = sockets;
        this.threads = threads;
    }

    /** Binds the port (connections wait in the backlog until {@link #start}); returns it. */
    @Override
    public int bind() throws IOException {
        ServerSocket server = sockets.createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 1024);
        serverSocket = server;
        return server.getLocalPort();
    }

    /** Starts accepting, for {@code endpoints} by request path (e.g. {@code /media-stream}). */
    @Override
    public void start(Map<String, StreamEndpoint> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
        ServerSocket server = serverSocket;
        Thread.ofVirtual().name("ws-accept-" + server.getLocalPort()).start(this::acceptLoop);
        log.info("WebSocket server on port {} for {}", server.getLocalPort(), this.endpoints.keySet());
    }

    @Override
    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        ServerSocket server = serverSocket;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                String id = Long.toHexString(ids.incrementAndGet());
                threads.start("ws-" + id, () -> serve(id, socket));
            } catch (SocketException e) {
                if (!server.isClosed()) {
                    log.warn("WebSocket server accept failed: {}", e.toString());
                }
            } catch (IOException e) {
                log.warn("WebSocket server accept failed: {}", e.toString());
            }
        }
    }

    private void serve(String id, Socket socket) {
        WebSocketConnection connection;
        StreamEndpoint endpoint;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            var input = new SocketInput(socket.getInputStream(), INITIAL_BUFFER_BYTES);
            HttpHead request = HttpHead.parse(input.readHead(MAX_HEAD_BYTES));
            String remote = hostAddress(socket.getRemoteSocketAddress());
            String[] line = request.startLine().split(" ");
            String path = line.length == 3 ? line[1].replaceFirst("\\?.*$", "") : "";
            endpoint = endpoints.get(path);
            String refusal = Upgrades.refusal(line, request, endpoint, remote);
            if (refusal != null) {
                log.warn("refused a WebSocket upgrade to {} from {}: {}", path, remote, refusal);
                respond(socket.getOutputStream(), refusal, "");
                socket.close();
                return;
            }
            String accept = acceptKey(request.header("Sec-WebSocket-Key").orElseThrow());
            respond(socket.getOutputStream(), "101 Switching Protocols",
                    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n");
            connection = new WebSocketConnection(id, socket, input, false, settings.maxMessageBytes(),
                    new SplittableRandom(), settings.closeTimeout());
        } catch (IOException | RuntimeException e) {
            log.warn("WebSocket upgrade on connection {} failed: {}", id, e.toString());
            closeQuietly(socket);
            return;
        }
        connection.readLoop(endpoint.open(connection), settings.idleTimeout());
    }

    private static void respond(OutputStream out, String status, String headers) throws IOException {
        boolean upgrade = status.startsWith("101");
        String extra = status.startsWith("426") ? "Sec-WebSocket-Version: 13\r\n" : "";
        String response = "HTTP/1.1 " + status + "\r\n" + headers + extra
                + (upgrade ? "" : "Content-Length: 0\r\nConnection: close\r\n") + "\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** Stops accepting; open connections stay with their calls, which close them. */
    @Override
    public void close() {
        ServerSocket server = serverSocket;
        if (server != null) {
            closeQuietly(server);
        }
    }

    private static void closeQuietly(ServerSocket server) {
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
