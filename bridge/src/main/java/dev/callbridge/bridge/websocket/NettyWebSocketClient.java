package dev.callbridge.bridge.websocket;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The WebSocket client on event loops: a call's outgoing socket joins the loop of the thread that dials (the call's
 * Twilio socket's loop when that is an event loop too). {@code wss://} goes through TLS with SNI and host name
 * verification. The host name is resolved on a virtual thread, never on a loop.
 */
public final class NettyWebSocketClient {
    /** What becomes of one connection attempt; called on the socket's loop. */
    public interface Handshake {
        /** The upgrade succeeded and the socket is open; returns who hears its messages. */
        SocketListener opened(NettySocket socket);

        /** The connection or the upgrade failed; nothing was opened. */
        void failed(Throwable cause);
    }

    private final EventLoops loops;
    private final Optional<SslContext> tls;
    private final Duration connectTimeout;
    private final int maxMessageBytes;
    private final Duration closeTimeout;

    /** @param tls the context for {@code wss://} URLs; empty refuses them */
    public NettyWebSocketClient(EventLoops loops, Optional<SslContext> tls, Duration connectTimeout, int maxMessageBytes,
                                Duration closeTimeout) {
        this.loops = loops;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.closeTimeout = closeTimeout;
    }

    /** Starts connecting and returns at once; {@code handshake} hears the outcome. */
    public void connect(String id, URI url, Map<String, String> headers, Handshake handshake) {
        boolean secure = url.getScheme().equalsIgnoreCase("wss");
        if (!secure && !url.getScheme().equalsIgnoreCase("ws")) {
            handshake.failed(new IllegalArgumentException("not a WebSocket URL: " + url));
            return;
        }
        if (secure && tls.isEmpty()) {
            handshake.failed(new IllegalStateException("no TLS context for " + url));
            return;
        }
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
        EventLoop loop = loops.loopForCaller();
        Thread.ofVirtual().name("ws-resolve-" + id).start(() -> {
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (Exception e) {
                loop.execute(() -> handshake.failed(e));
                return;
            }
            open(id, url, headers, handshake, loop, new InetSocketAddress(address, port), secure ? tls : Optional.empty());
        });
    }

    private void open(String id, URI url, Map<String, String> headers, Handshake handshake, EventLoop loop,
                      InetSocketAddress address, Optional<SslContext> secure) {
        var httpHeaders = new DefaultHttpHeaders();
        headers.forEach(httpHeaders::add);
        var config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(url).customHeaders(httpHeaders)
                .maxFramePayloadLength(maxMessageBytes).allowExtensions(false).performMasking(true)
                .allowMaskMismatch(false).handleCloseFrames(false).dropPongFrames(true).generateOriginHeader(false)
                .handshakeTimeoutMillis(connectTimeout.toMillis()).withUTF8Validator(false).build();
        var bootstrap = new Bootstrap().group(loop).channel(loops.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(NettySocket.HIGH_WATER_BYTES / 2, NettySocket.HIGH_WATER_BYTES))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (secure.isPresent()) {
                            SslHandler ssl = secure.get().newHandler(ch.alloc(), url.getHost(), address.getPort());
                            SSLEngine engine = ssl.engine();
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            ch.pipeline().addLast("tls", ssl);
                        }
                        var socket = new NettySocket(id, ch, closeTimeout);
                        ch.pipeline().addLast("http", new HttpClientCodec())
                                .addLast("head", new HttpObjectAggregator(8192))
                                .addLast("ws", new WebSocketClientProtocolHandler(config))
                                .addLast("messages", new WebSocketFrameAggregator(maxMessageBytes))
                                .addLast("upgrade", new Upgraded(socket, handshake));
                    }
                });
        bootstrap.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                handshake.failed(f.cause());
            }
        });
    }

    /** Waits for the end of the upgrade, then hands the socket over and steps aside for its frames. */
    private final class Upgraded extends ChannelInboundHandlerAdapter {
        private final NettySocket socket;
        private final Handshake handshake;
        private boolean done;

        Upgraded(NettySocket socket, Handshake handshake) {
            this.socket = socket;
            this.handshake = handshake;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !done) {
                done = true;
                var frames = new NettyFrames(socket, Duration.ZERO);
                ctx.pipeline().replace(this, "frames", frames);
                frames.listen(handshake.opened(socket));
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT && !done) {
                done = true;
                handshake.failed(new java.net.SocketTimeoutException("no WebSocket upgrade within " + connectTimeout));
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!done) {
                done = true;
                handshake.failed(cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                done = true;
                handshake.failed(new java.io.EOFException("connection closed during the WebSocket upgrade"));
            }
            ctx.fireChannelInactive();
        }
    }
}
