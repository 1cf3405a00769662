package dev.callbridge.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own WebSocket server and client over loopback: against each other, against the JDK's client (an
 * independent implementation), the event-loop client, and raw bytes for what a well-behaved peer never sends. Every event either
 * side reports is recorded and asserted in order, then that nothing else arrived.
 */
class WebSocketLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final Recorder serverEvents = new Recorder();
    private final AtomicBoolean refuse = new AtomicBoolean();
    private AutoCloseable server;
    private int port;

    /** Records what a connection reports, as strings, for in-order assertions. */
    static class Recorder implements SocketListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onText(String text) {
            events.add("text " + text);
        }

        @Override
        public void onBinary(byte[] data) {
            events.add("binary " + data.length);
        }

        @Override
        public void onClosed(int code, String reason) {
            events.add("closed " + code + " " + reason);
        }

        String take() throws InterruptedException {
            String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + WAIT);
            }
            return event.length() > 200 ? event.substring(0, 200) + "…(" + event.length() + ")" : event;
        }

        void assertNext(String expected) throws InterruptedException {
            String actual = take();
            System.out.println("expected: " + expected + "\n  actual: " + actual);
            assertEquals(expected, actual);
        }

        void assertExhausted() throws InterruptedException {
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "no further event");
        }
    }

    /** A started server under test: its port, and what stops it. */
    record Served(int port, AutoCloseable stop) {}

    /** Serves {@code endpoints} on a free loopback port with the server under test: the own one here. */
    Served serve(ServerSettings settings, Map<String, StreamEndpoint> endpoints) throws Exception {
        var own = new WebSocketServer(settings, javax.net.ServerSocketFactory.getDefault(), SocketThreads.VIRTUAL);
        int bound = own.bind();
        own.start(endpoints);
        return new Served(bound, own);
    }

    @BeforeEach
    void startServer() throws Exception {
        var echo = new StreamEndpoint() {
            @Override
            public boolean accepts(Map<String, String> headers, String remoteAddress) {
                return !refuse.get() && headers.getOrDefault("X-Test", "").equals("yes");
            }

            @Override
            public SocketListener open(TextSocket connection) {
                serverEvents.events.add("open");
                send(connection, "welcome"); // frames straight behind the 101 must reach the client
                return new SocketListener() {
                    @Override
                    public void onText(String text) {
                        serverEvents.onText(text);
                        if (text.equals("close please")) {
                            connection.close(4000, "as asked");
                        } else {
                            send(connection, "echo " + text);
                        }
                    }

                    @Override
                    public void onBinary(byte[] data) {
                        serverEvents.onBinary(data);
                    }

                    @Override
                    public void onClosed(int code, String reason) {
                        serverEvents.onClosed(code, reason);
                    }
                };
            }
        };
        Served served = serve(new ServerSettings(InetAddress.getLoopbackAddress(), 0, MAX_MESSAGE_BYTES,
                WAIT, Duration.ofSeconds(30), Duration.ofMillis(500)), Map.of("/echo", echo));
        port = served.port();
        server = served.stop();
    }

    private static void send(TextSocket connection, String text) {
        try {
            connection.sendText(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private WebSocketClient client() {
        return new WebSocketClient((SSLSocketFactory) SSLSocketFactory.getDefault(), WAIT, MAX_MESSAGE_BYTES, new Random(0),
                Duration.ofMillis(500));
    }

    private URI echoUrl() {
        return URI.create("ws://127.0.0.1:" + port + "/echo?x=1");
    }

    /** Runs the client's reader loop on a virtual thread, recording into a new recorder. */
    private static Recorder read(WebSocketConnection connection) {
        var recorder = new Recorder();
        Thread.ofVirtual().start(() -> connection.readLoop(recorder, Duration.ZERO));
        return recorder;
    }

    @Test
    void ownClientAndServerExchangeMessagesOfEverySizeAndCloseCleanly() throws Exception {
        WebSocketConnection connection = client().connect("t1", echoUrl(), Map.of("X-Test", "yes"));
        Recorder client = read(connection);
        String large = "x".repeat(70_000); // beyond the 16-bit length: a 64-bit length header
        String medium = "é".repeat(100) + "😀"; // 126..65535 bytes, multi-byte UTF-8
        connection.sendText("hello");
        connection.sendText(medium);
        connection.sendText(large);
        serverEvents.assertNext("open");
        serverEvents.assertNext("text hello");
        serverEvents.assertNext("text " + medium);
        serverEvents.assertNext("text " + large.substring(0, 195) + "…(" + (large.length() + 5) + ")");
        client.assertNext("text welcome");
        client.assertNext("text echo hello");
        client.assertNext("text echo " + medium);
        client.assertNext("text echo " + large.substring(0, 190) + "…(" + (large.length() + 10) + ")");
        connection.close(1000, "bye");
        serverEvents.assertNext("closed 1000 bye");
        client.assertNext("closed 1000 "); // the server's answer echoes the status (RFC 6455 §5.5.1)
        serverEvents.assertExhausted();
        client.assertExhausted();
        assertThrows(IOException.class, () -> connection.sendText("after close"));
    }

    @Test
    void serverInitiatedCloseIsAnsweredAndReportedOnBothSides() throws Exception {
        WebSocketConnection connection = client().connect("t2", echoUrl(), Map.of("X-Test", "yes"));
        Recorder client = read(connection);
        connection.sendText("close please");
        client.assertNext("text welcome");
        client.assertNext("closed 4000 as asked");
        serverEvents.assertNext("open");
        serverEvents.assertNext("text close please");
        serverEvents.assertNext("closed 4000 ");
        serverEvents.assertExhausted();
        client.assertExhausted();
    }

    @Test
    void theJdkClientTalksToOurServer() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        var closed = new CompletableFuture<String>();
        WebSocket jdk = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Test", "yes")
                .buildAsync(echoUrl(), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        jdk.sendText("from the JDK", true).get(5, TimeUnit.SECONDS);
        // The JDK client fragments long messages; the server joins them.
        jdk.sendText("part one, ", false).get(5, TimeUnit.SECONDS);
        jdk.sendText("part two", true).get(5, TimeUnit.SECONDS);
        assertEquals("welcome", received.poll(5, TimeUnit.SECONDS));
        assertEquals("echo from the JDK", received.poll(5, TimeUnit.SECONDS));
        assertEquals("echo part one, part two", received.poll(5, TimeUnit.SECONDS));
        jdk.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        String echoed = closed.get(5, TimeUnit.SECONDS);
        System.out.println("JDK client: expected close echo 1000, actual " + echoed);
        assertEquals("1000 ", echoed);
        serverEvents.assertNext("open");
        serverEvents.assertNext("text from the JDK");
        serverEvents.assertNext("text part one, part two");
        serverEvents.assertNext("closed 1000 done");
        serverEvents.assertExhausted();
    }

    @Test
    void theEventLoopClientExchangesMessagesAndClosesCleanly() throws Exception {
        try (var loops = EventLoops.create(1)) {
            var client = new NettyWebSocketClient(loops, Optional.empty(), WAIT, MAX_MESSAGE_BYTES, Duration.ofMillis(500));
            var recorder = new Recorder();
            var opened = new CompletableFuture<NettySocket>();
            client.connect("n1", echoUrl(), Map.of("X-Test", "yes"), handshake(opened, recorder));
            NettySocket socket = opened.get(5, TimeUnit.SECONDS);
            String large = "x".repeat(70_000);
            socket.sendText("hello");
            socket.sendText(large);
            serverEvents.assertNext("open");
            serverEvents.assertNext("text hello");
            serverEvents.assertNext("text " + large.substring(0, 195) + "…(" + (large.length() + 5) + ")");
            recorder.assertNext("text welcome");
            recorder.assertNext("text echo hello");
            recorder.assertNext("text echo " + large.substring(0, 190) + "…(" + (large.length() + 10) + ")");
            assertTrue(socket.offer("delta", "mark"), "a pair is taken");
            serverEvents.assertNext("text delta");
            serverEvents.assertNext("text mark");
            recorder.assertNext("text echo delta");
            recorder.assertNext("text echo mark");
            socket.close(1000, "bye");
            serverEvents.assertNext("closed 1000 bye");
            recorder.assertNext("closed 1000 ");
            assertThrows(IOException.class, () -> socket.sendText("after close"));
            assertEquals(1, socket.dropped(), "the refused send is counted");
            assertFalse(socket.offer("delta", "mark"), "no pair after close");
            assertEquals(3, socket.dropped(), "both of a refused pair are counted");

            var refused = new CompletableFuture<NettySocket>();
            client.connect("n2", echoUrl(), Map.of("X-Test", "no"), handshake(refused, new Recorder()));
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
            System.out.println("event-loop client on a refusal: " + failure.getCause());
            assertTrue(failure.getCause().getMessage().contains("403"), failure.getCause().toString());
            serverEvents.assertExhausted();
        }
    }

    static NettyWebSocketClient.Handshake handshake(CompletableFuture<NettySocket> opened, Recorder recorder) {
        return new NettyWebSocketClient.Handshake() {
            @Override
            public SocketListener opened(NettySocket socket) {
                opened.complete(socket);
                return recorder;
            }

            @Override
            public void failed(Throwable cause) {
                opened.completeExceptionally(cause);
            }
        };
    }

    @Test
    void upgradesAreRefusedWithTheRightStatusAndNoSocketOpens() throws Exception {
        assertEquals("HTTP/1.1 404 Not Found", RawClient.upgradeStatus(port, "/elsewhere", "13", "X-Test: yes\r\n"));
        assertEquals("HTTP/1.1 426 Upgrade Required", RawClient.upgradeStatus(port, "/echo", "8", "X-Test: yes\r\n"));
        assertEquals("HTTP/1.1 403 Forbidden", RawClient.upgradeStatus(port, "/echo", "13", ""));
        IOException refused = assertThrows(IOException.class,
                () -> client().connect("t3", echoUrl(), Map.of("X-Test", "no")));
        System.out.println("client on a refusal: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        serverEvents.assertExhausted(); // no endpoint ever opened
    }

    @Test
    void fragmentsAreJoinedAndAPingBetweenThemIsAnsweredAtOnce() throws Exception {
        try (var raw = RawClient.open(port)) {
            raw.frame(false, 0x1, "Hel".getBytes(StandardCharsets.UTF_8), true);
            raw.frame(true, 0x9, "are you there".getBytes(StandardCharsets.UTF_8), true);
            raw.frame(true, 0x0, "lo".getBytes(StandardCharsets.UTF_8), true);
            assertEquals("0x1 welcome", raw.readFrame());
            assertEquals("0xa are you there", raw.readFrame()); // the pong carries the ping's payload
            assertEquals("0x1 echo Hello", raw.readFrame());
        }
        serverEvents.assertNext("open");
        serverEvents.assertNext("text Hello");
        serverEvents.assertNext("closed 1006 connection closed without a close frame");
        serverEvents.assertExhausted();
    }

    @Test
    void protocolViolationsCloseWithTheirStatus() throws Exception {
        record Case(String name, boolean fin, int opcode, byte[] payload, boolean masked, String expectedClose) {}
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        List<Case> cases = List.of(
                new Case("unmasked client frame", true, 0x1, "hi".getBytes(StandardCharsets.UTF_8), false, "1002"),
                new Case("message over the limit", true, 0x1, new byte[MAX_MESSAGE_BYTES + 1], true, "1009"),
                // still being written when the server fails the connection: its close frame must not be lost to a reset
                new Case("message far over the limit", true, 0x1, new byte[3 * MAX_MESSAGE_BYTES], true, "1009"),
                new Case("invalid UTF-8", true, 0x1, invalidUtf8, true, "1007"),
                new Case("continuation without a message", true, 0x0, "x".getBytes(StandardCharsets.UTF_8), true, "1002"),
                new Case("fragmented ping", false, 0x9, new byte[0], true, "1002"),
                new Case("reserved opcode", true, 0x3, new byte[0], true, "1002"));
        for (Case c : cases) {
            try (var raw = RawClient.open(port)) {
                raw.frame(c.fin(), c.opcode(), c.payload(), c.masked());
                assertEquals("0x1 welcome", raw.readFrame());
                String close = raw.readFrame();
                System.out.println(c.name() + ": expected close " + c.expectedClose() + ", actual " + close);
                assertTrue(close.startsWith("0x8 " + c.expectedClose() + " "), c.name() + ": " + close);
            }
            serverEvents.assertNext("open");
            String closed = serverEvents.take();
            assertTrue(closed.startsWith("closed " + c.expectedClose() + " "), c.name() + ": " + closed);
        }
        serverEvents.assertExhausted();
    }

    @Test
    void acceptKeyAndMaskingMatchTheRfcExamples() {
        // RFC 6455 §1.3 and §5.7.
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
        byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
        WebSocketProtocol.toggleMask(hello, 0, hello.length, 0x37fa213d);
        assertEquals("7f9f4d5158", HexFormat.of().formatHex(hello));
        byte[] long13 = "Hello, World!".getBytes(StandardCharsets.US_ASCII); // crosses the 8-byte fast path
        byte[] copy = long13.clone();
        WebSocketProtocol.toggleMask(copy, 0, copy.length, 0x37fa213d);
        for (int i = 0; i < copy.length; i++) {
            int keyByte = 0x37fa213d >>> (24 - 8 * (i % 4)) & 0xFF;
            assertEquals((byte) (long13[i] ^ keyByte), copy[i], "byte " + i);
        }
        WebSocketProtocol.toggleMask(copy, 0, copy.length, 0x37fa213d);
        assertArrayEquals(long13, copy);
    }

    /** A client that writes whatever bytes a test asks for, and reads frames back raw. */
    static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Random random = new Random(1);

        private RawClient(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) WAIT.toMillis());
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static RawClient open(int port) throws IOException {
            var raw = new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
            raw.out.write(request("/echo", "13", "X-Test: yes\r\n"));
            String status = raw.readLine();
            if (!status.contains(" 101 ")) {
                throw new IOException(status);
            }
            while (!raw.readLine().isEmpty()) {
                // headers
            }
            return raw;
        }

        static String upgradeStatus(int port, String path, String version, String extraHeaders) throws IOException {
            try (var raw = new RawClient(new Socket(InetAddress.getLoopbackAddress(), port))) {
                raw.out.write(request(path, version, extraHeaders));
                return raw.readLine();
            }
        }

        private static byte[] request(String path, String version, String extraHeaders) {
            return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        private String readLine() throws IOException {
            var line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
            var frame = new java.io.ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            int maskBit = masked ? 0x80 : 0;
            if (payload.length <= 125) {
                frame.write(maskBit | payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.write(maskBit | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >>> shift) & 0xFF);
                }
            }
            byte[] body = payload.clone();
            if (masked) {
                int key = random.nextInt();
                for (int shift = 24; shift >= 0; shift -= 8) {
                    frame.write(key >>> shift & 0xFF);
                }
                WebSocketProtocol.toggleMask(body, 0, body.length, key);
            }
            frame.write(body);
            out.write(frame.toByteArray());
        }

        /** The next frame as {@code 0x<opcode> <text>}; a close as {@code 0x8 <status> <reason>}. */
        String readFrame() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertEquals(0, b1 & 0x80, "a server never masks");
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = b0 & 0x0F;
            if (opcode == 0x8) {
                int status = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
                return "0x8 " + status + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
            }
            return "0x" + Integer.toHexString(opcode) + " " + new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
