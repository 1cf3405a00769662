package dev.callbridge.bridge.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens client WebSockets ({@code ws://} and {@code wss://}, the latter with the host name verified) over plain
 * blocking sockets. {@link #connect} blocks; run it on a virtual thread. Thread-safe.
 */
public final class WebSocketClient {
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int INITIAL_BUFFER_BYTES = 8 * 1024;

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final int maxMessageBytes;
    private final RandomGenerator seeds;
    private final Duration closeTimeout;

    /**
     * @param seeds seeds each connection's masking keys and handshake nonce ({@link java.security.SecureRandom} in
     *     production: §10.3 asks for keys a third party cannot predict)
     */
    public WebSocketClient(SSLSocketFactory tls, Duration connectTimeout, int maxMessageBytes, RandomGenerator seeds,
                           Duration closeTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.seeds = seeds;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Connects, upgrades and returns the open connection; its reader loop is the caller's to run.
     *
     * @throws IOException when the connection or the upgrade fails (the server's status in the message)
     */
    public WebSocketConnection connect(String id, URI uri, Map<String, String> headers) throws IOException {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("wss");
        if (!secure && !scheme.equals("ws")) {
            throw new IllegalArgumentException("not a WebSocket URL: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        RandomGenerator random;
        synchronized (seeds) {
            random = new SplittableRandom(seeds.nextLong());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) connectTimeout.toMillis());
            if (secure) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            var request = new StringBuilder()
                    .append("GET ").append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(uri.getPort() > 0 ? ":" + port : "").append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            var input = new SocketInput(socket.getInputStream(), INITIAL_BUFFER_BYTES);
            HttpHead response = HttpHead.parse(input.readHead(MAX_HEAD_BYTES));
            String[] status = response.startLine().split(" ", 3);
            if (status.length < 2 || !status[1].equals("101")) {
                throw new IOException("WebSocket upgrade refused: " + response.startLine());
            }
            if (!response.hasToken("Upgrade", "websocket")
                    || !response.header("Sec-WebSocket-Accept").map(WebSocketProtocol.acceptKey(key)::equals).orElse(false)) {
                throw new IOException("WebSocket upgrade answered without a valid Sec-WebSocket-Accept");
            }
            socket.setSoTimeout(0);
            return new WebSocketConnection(id, socket, input, true, maxMessageBytes, random, closeTimeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
