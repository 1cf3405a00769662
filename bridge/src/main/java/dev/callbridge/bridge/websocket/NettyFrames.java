package dev.callbridge.bridge.websocket;

import static dev.callbridge.bridge.websocket.WebSocketProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an open WebSocket's pipeline (after Netty's frame decoder and the fragment
 * aggregator): delivers whole messages, answers pings and the peer's close, fails the connection on a protocol
 * violation with its status, and reports how the socket ended exactly once.
 */
final class NettyFrames extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NettyFrames.class);

    private final NettySocket socket;
    private final Duration idleTimeout;
    private SocketListener listener;
    private int code = -1;
    private String reason = "";
    private boolean reported;

    NettyFrames(NettySocket socket, Duration idleTimeout) {
        this.socket = socket;
        this.idleTimeout = idleTimeout;
    }

    /** Set before the first message can arrive (on the loop, right after the upgrade). */
    void listen(SocketListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (frame) {
                case TextWebSocketFrame text -> {
                    if (code < 0) {
                        String message;
                        try {
                            message = text(text.content());
                        } catch (WebSocketException e) {
                            violation(e.closeCode(), e.getMessage());
                            return;
                        }
                        listener.onText(message);
                    }
                }
                case BinaryWebSocketFrame binary -> {
                    if (code < 0) {
                        listener.onBinary(ByteBufUtil.getBytes(binary.content()));
                    }
                }
                case PingWebSocketFrame ping -> {
                    if (!socket.closeSent()) {
                        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                    }
                }
                case PongWebSocketFrame pong -> { }
                case CloseWebSocketFrame close -> {
                    if (code < 0) {
                        int status = close.statusCode();
                        code = status < 0 ? CLOSE_NO_STATUS : status;
                        reason = close.reasonText();
                    }
                    // §5.5.1: answer a close with a close (echoing the status), then drop the connection.
                    socket.answerClose(code == CLOSE_NO_STATUS ? CLOSE_NORMAL : code);
                }
                default -> { } // continuations are joined by the aggregator before this handler
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    /** Where a loop copies a direct buffer's bytes to decode them (a message over this size gets its own array). */
    private static final int SCRATCH_BYTES = 256 * 1024;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    /**
     * A text message's UTF-8, checked as the own transport checks it ({@link WebSocketProtocol#utf8}: 1007 on
     * malformed input). Cheaper than Netty's per-byte validator and its decode through a char buffer, which
     * between them were a tenth of the loop's time at 250 calls.
     */
    static String text(ByteBuf content) {
        int n = content.readableBytes();
        if (content.hasArray()) {
            return utf8(content.array(), content.arrayOffset() + content.readerIndex(), n);
        }
        byte[] bytes = n <= SCRATCH_BYTES ? SCRATCH.get() : new byte[n];
        content.getBytes(content.readerIndex(), bytes, 0, n);
        return utf8(bytes, 0, n);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            violation(e.closeStatus().code(), e.getMessage());
        } else if (cause instanceof TooLongFrameException e) {
            violation(CLOSE_TOO_BIG, e.getMessage());
        } else if (cause instanceof IOException) {
            if (code < 0) {
                code = CLOSE_ABNORMAL;
                reason = cause.toString();
            }
            ctx.close();
        } else {
            log.warn("WebSocket {}: {}", socket.id(), cause.toString(), cause);
            if (code < 0) {
                code = CLOSE_ABNORMAL;
                reason = cause.toString();
            }
            socket.fail(1011, "internal error");
        }
    }

    private void violation(int status, String message) {
        log.warn("WebSocket {} from {}: {} (closing with {})", socket.id(), socket.remoteAddress(), message, status);
        if (code < 0) {
            code = status;
            reason = message;
        }
        socket.fail(status, message);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            String why = "idle for " + idleTimeout.toSeconds() + " s";
            if (code < 0) {
                code = CLOSE_ABNORMAL;
                reason = why;
            }
            socket.close(CLOSE_GOING_AWAY, why);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!reported && listener != null) {
            reported = true;
            listener.onClosed(code < 0 ? CLOSE_ABNORMAL : code, code < 0 ? "connection closed without a close frame" : reason);
        }
        ctx.fireChannelInactive();
    }
}
