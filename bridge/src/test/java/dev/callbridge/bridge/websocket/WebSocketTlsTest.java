package dev.callbridge.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own client over {@code wss://} as it dials OpenAI: TLS with the server's name verified against its certificate.
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

    private static WebSocketServer echoServer(SSLContext tls) throws IOException {
        var server = new WebSocketServer(new WebSocketServer.Settings(InetAddress.getLoopbackAddress(), 0, 1 << 20,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(200)), tls.getServerSocketFactory(),
                SocketThreads.PLATFORM);
        server.bind();
        server.start(Map.of("/echo", new WebSocketServer.Endpoint() {
            @Override
            public boolean accepts(Map<String, String> headers, String remoteAddress) {
                return true;
            }

            @Override
            public WebSocketConnection.Listener open(WebSocketConnection connection) {
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
