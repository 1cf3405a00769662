package dev.callbridge.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own and the event-loop clients over {@code wss://} as they dial OpenAI: TLS with the server's name verified against its certificate.
 * A real TLS server on loopback (the own server with a TLS socket factory) holds a certificate made for the test by
 * the JDK's keytool; the client trusts exactly that certificate.
 */
class WebSocketTlsTest {
    private static final String PASSWORD = "changeit";

    @Test
    void theClientSpeaksTlsAndVerifiesTheServerName(@TempDir Path work) throws Exception {
        SSLContext tls = context(keyStore(work, "good", "dns:localhost"));
        try (var server = echoServer(tls)) {
            var client = new WebSocketClient(tls.getSocketFactory(), Duration.ofSeconds(5), 1 << 20, new Random(0), Duration.ofMillis(200));
            WebSocketConnection connection = client.connect("tls", URI.create("wss://localhost:" + server.port() + "/echo"), Map.of());
            var recorder = new WebSocketLoopbackTest.Recorder();
            Thread.ofVirtual().start(() -> connection.readLoop(recorder, Duration.ZERO));
            connection.sendText("over TLS");
            recorder.assertNext("text echo over TLS");
            connection.close(1000, "");
            recorder.assertNext("closed 1000 ");
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused(@TempDir Path work) throws Exception {
        SSLContext tls = context(keyStore(work, "other", "dns:elsewhere.example"));
        try (var server = echoServer(tls)) {
            var client = new WebSocketClient(tls.getSocketFactory(), Duration.ofSeconds(5), 1 << 20, new Random(0), Duration.ofMillis(200));
            IOException refused = assertThrows(IOException.class,
                    () -> client.connect("tls", URI.create("wss://localhost:" + server.port() + "/echo"), Map.of()));
            System.out.println("expected a refused handshake (certificate for elsewhere.example), actual: " + refused);
            assertTrue(refused instanceof SSLHandshakeException, refused.toString());
        }
    }

    @Test
    void theEventLoopClientSpeaksTlsAndVerifiesTheServerName(@TempDir Path work) throws Exception {
        KeyStore good = keyStore(work, "good", "dns:localhost");
        KeyStore other = keyStore(work, "other", "dns:elsewhere.example");
        try (var server = echoServer(context(good)); var otherServer = echoServer(context(other));
             var loops = EventLoops.create(1)) {
            var recorder = new WebSocketLoopbackTest.Recorder();
            var opened = new CompletableFuture<NettySocket>();
            var client = new NettyWebSocketClient(loops, Optional.of(trusting(good)), Duration.ofSeconds(5), 1 << 20,
                    Duration.ofMillis(200));
            client.connect("tls", URI.create("wss://localhost:" + server.port() + "/echo"), Map.of(),
                    WebSocketLoopbackTest.handshake(opened, recorder));
            NettySocket socket = opened.get(5, TimeUnit.SECONDS);
            socket.sendText("over TLS");
            recorder.assertNext("text echo over TLS");
            socket.close(1000, "");
            recorder.assertNext("closed 1000 ");

            var refused = new CompletableFuture<NettySocket>();
            new NettyWebSocketClient(loops, Optional.of(trusting(other)), Duration.ofSeconds(5), 1 << 20, Duration.ofMillis(200))
                    .connect("tls", URI.create("wss://localhost:" + otherServer.port() + "/echo"), Map.of(),
                            WebSocketLoopbackTest.handshake(refused, new WebSocketLoopbackTest.Recorder()));
            var failure = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
            System.out.println("expected a refused handshake (certificate for elsewhere.example), actual: " + failure.getCause());
            assertTrue(failure.getCause() instanceof SSLHandshakeException
                    || failure.getCause().getCause() instanceof SSLHandshakeException, failure.getCause().toString());
        }
    }

    /** A Netty client context that trusts exactly the store's certificate. */
    private static SslContext trusting(KeyStore store) throws Exception {
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trust).build();
    }

    private static WebSocketServer echoServer(SSLContext tls) throws IOException {
        var server = new WebSocketServer(new ServerSettings(InetAddress.getLoopbackAddress(), 0, 1 << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(200)), tls.getServerSocketFactory(),
                SocketThreads.PLATFORM);
        server.bind();
        server.start(Map.of("/echo", new StreamEndpoint() {
            @Override
            public boolean accepts(Map<String, String> headers, String remoteAddress) {
                return true;
            }

            @Override
            public SocketListener open(TextSocket connection) {
                return new WebSocketLoopbackTest.Recorder() {
                    @Override
                    public void onText(String text) {
                        try {
                            connection.sendText("echo " + text);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                };
            }
        }));
        return server;
    }

    /** A PKCS#12 key store with one self-signed key for {@code san}, made by the running JDK's keytool. */
    private static KeyStore keyStore(Path work, String name, String san) throws Exception {
        Path file = work.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        var process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "keytool: " + output);
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** Serves the store's key and trusts exactly its certificate. */
    private static SSLContext context(KeyStore store) throws Exception {
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
