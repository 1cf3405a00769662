package dev.callbridge.bridge.websocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket server on event loops: routes upgrades by path to {@link StreamEndpoint}s after the checks of
 * {@link Upgrades#refusal}, with no thread per socket:
 * each socket belongs to one loop, which reads, parses and delivers its messages. Plain TCP (TLS is the proxy's).
 */
public final class NettyWebSocketServer implements EndpointServer {
    private static final Logger log = LoggerFactory.getLogger(NettyWebSocketServer.class);
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final ServerSettings settings;
    private final EventLoops loops;
    private final AtomicLong ids = new AtomicLong();
    private volatile Map<String, StreamEndpoint> endpoints = Map.of();
    private volatile Channel serverChannel;

    public NettyWebSocketServer(ServerSettings settings, EventLoops loops) {
        this.settings = settings;
        this.loops = loops;
    }

    /** Binds the port; upgrades are refused with 503 until {@link #start}. Returns the port. */
    @Override
    public int bind() {
        var bootstrap = new ServerBootstrap().group(loops.group()).channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(NettySocket.HIGH_WATER_BYTES / 2, NettySocket.HIGH_WATER_BYTES))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(settings.handshakeTimeout().toMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("http", new HttpServerCodec(4096, MAX_HEAD_BYTES, 8192))
                                .addLast("head", new HttpObjectAggregator(8192))
                                .addLast("upgrade", new Upgrade(Long.toHexString(ids.incrementAndGet())));
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).syncUninterruptibly()
                .channel();
        return port();
    }

    @Override
    public void start(Map<String, StreamEndpoint> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
        log.info("WebSocket server on port {} for {} ({})", port(), this.endpoints.keySet(), loops);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Reads the upgrade request, refuses it or switches the pipeline to WebSocket frames. */
    private final class Upgrade extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String id;

        Upgrade(String id) {
            this.id = id;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Channel channel = ctx.channel();
            String remote = WebSocketProtocol.hostAddress(channel.remoteAddress());
            String path = request.uri().replaceFirst("\\?.*$", "");
            StreamEndpoint endpoint = endpoints.get(path);
            String refusal;
            if (!request.decoderResult().isSuccess()) {
                refusal = "400 Bad Request";
            } else if (endpoints.isEmpty()) {
                refusal = "503 Service Unavailable";
            } else {
                var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
                request.headers().forEach(h -> headers.merge(h.getKey(), h.getValue(), (a, b) -> a + ", " + b));
                String startLine = request.method().name() + " " + request.uri() + " " + request.protocolVersion().text();
                refusal = Upgrades.refusal(startLine.split(" "), new HttpHead(startLine, headers), endpoint, remote);
            }
            if (refusal != null) {
                log.warn("refused a WebSocket upgrade to {} from {}: {}", path, remote, refusal);
                var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.parseLine(refusal), Unpooled.EMPTY_BUFFER);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
                if (refusal.startsWith("426")) {
                    response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
                }
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            var decoder = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(settings.maxMessageBytes())
                    .expectMaskedFrames(true).allowMaskMismatch(false).allowExtensions(false)
                    .closeOnProtocolViolation(false).withUTF8Validator(false).build();
            var socket = new NettySocket(id, channel, settings.closeTimeout());
            var frames = new NettyFrames(socket, settings.idleTimeout());
            new WebSocketServerHandshaker13("ws://" + request.headers().get(HttpHeaderNames.HOST) + path, null, decoder)
                    .handshake(channel, request);
            ChannelPipeline p = ctx.pipeline();
            p.replace("idle", "idle", new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            p.addAfter(ctx.name(), "messages", new WebSocketFrameAggregator(settings.maxMessageBytes()));
            p.addAfter("messages", "frames", frames);
            p.remove(this);
            frames.listen(endpoint.open(socket));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("WebSocket upgrade on connection {} failed: {}", id, cause.toString());
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
                ctx.close(); // no complete upgrade request within the handshake timeout
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }
}
