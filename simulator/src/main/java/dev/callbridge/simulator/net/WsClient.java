package dev.callbridge.simulator.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client on the simulator's event loop, for the sockets it opens as Twilio: text messages in, text
 * messages out, and the closing handshake done by hand so that the peer's close status and reason reach the
 * listener as sent. Everything the listener hears runs on the connection's event loop.
 */
public final class WsClient {
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** What a connection hears; called on its event loop, {@link #onClose} exactly once. */
    public interface Listener {
        void onText(String text);

        /** The peer's close (status and reason), or 1006 and why when the connection ended without one. */
        void onClose(int status, String reason);
    }

    private WsClient() {}

    /**
     * The close frame that answers a peer's close, as RFC 6455 §5.5.1 asks: its status (1000 when it sent none,
     * which the receiving side sees as 1005) and reason. For the simulator's clients and its Realtime stand-in alike.
     */
    public static CloseWebSocketFrame answerTo(CloseWebSocketFrame close) {
        return close.statusCode() < 0 ? new CloseWebSocketFrame(1000, "")
                : new CloseWebSocketFrame(close.statusCode(), close.reasonText());
    }

    /** Opens {@code uri} (ws only) with {@code headers} on the handshake; completes once the handshake is done. */
    public static CompletableFuture<Connection> connect(Loops loops, URI uri, Map<String, String> headers,
                                                        Listener listener) {
        var opened = new CompletableFuture<Connection>();
        var extra = new DefaultHttpHeaders();
        headers.forEach(extra::add);
        var config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri).customHeaders(extra)
                .handleCloseFrames(false).maxFramePayloadLength(MAX_MESSAGE_BYTES).handshakeTimeoutMillis(10_000)
                .build();
        new Bootstrap().group(loops.group()).channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                                new Connection(ch, opened, listener));
                    }
                })
                .connect(uri.getHost(), uri.getPort())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        opened.completeExceptionally(f.cause());
                    }
                });
        return opened;
    }

    /**
     * One open socket. {@link #send} queues a message, {@link #flush} writes what is queued in one go; both may be
     * called from any thread (Netty hands them to the event loop) but the simulator calls them on it.
     */
    public static final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Channel channel;
        private final CompletableFuture<Connection> opened;
        private final Listener listener;
        private boolean closeSent;
        private boolean closeHeard;

        private Connection(Channel channel, CompletableFuture<Connection> opened, Listener listener) {
            this.channel = channel;
            this.opened = opened;
            this.listener = listener;
        }

        public EventLoop eventLoop() {
            return channel.eventLoop();
        }

        public void send(String text) {
            channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)));
        }

        public void flush() {
            channel.flush();
        }

        /** Starts the closing handshake; the peer's answering close ends the connection. */
        public void close(int status, String reason) {
            channel.eventLoop().execute(() -> {
                if (!closeSent && channel.isActive()) {
                    closeSent = true;
                    channel.writeAndFlush(new CloseWebSocketFrame(status, reason));
                }
            });
        }

        /** Drops the connection without a closing handshake. */
        public void abort() {
            channel.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened.complete(this);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case TextWebSocketFrame text -> listener.onText(text.text());
                case CloseWebSocketFrame close -> {
                    if (closeHeard) {
                        return;
                    }
                    closeHeard = true;
                    int status = close.statusCode() < 0 ? 1005 : close.statusCode();
                    String reason = close.statusCode() < 0 ? "" : close.reasonText();
                    if (!closeSent) {
                        closeSent = true;
                        ctx.writeAndFlush(answerTo(close)).addListener(f -> ctx.close());
                    } else {
                        ctx.close();
                    }
                    listener.onClose(status, reason);
                }
                default -> { } // binary, pong: nothing the simulator plays expects them
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!opened.isDone()) {
                opened.completeExceptionally(new java.io.IOException("connection closed during the handshake"));
            } else if (!closeHeard) {
                closeHeard = true;
                listener.onClose(1006, "connection lost without a close frame");
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!opened.isDone()) {
                opened.completeExceptionally(cause);
            } else if (!closeHeard) {
                closeHeard = true;
                listener.onClose(1006, cause.toString());
            }
            ctx.close();
        }
    }
}
