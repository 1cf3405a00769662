package dev.callbridge.simulator.fake;

import dev.callbridge.simulator.net.WsClient;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames of one Realtime session's socket, after the upgrade: whole text messages to the session, pings answered,
 * a client's close answered (unless the session closed first) before the connection is closed.
 */
final class FakeSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(FakeSocketHandler.class);
    private final FakeSession session;

    FakeSocketHandler(FakeSession session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> session.onWebSocketText(text.text());
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> {
                if (session.closeSent()) {
                    ctx.close();
                } else {
                    ctx.writeAndFlush(WsClient.answerTo(close)).addListener(ChannelFutureListener.CLOSE);
                }
                session.onWebSocketClose();
            }
            default -> { } // binary and pong frames mean nothing to the Realtime API
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.onWebSocketClose();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("stand-in socket failed: {}", cause.toString());
        ctx.close();
    }
}
