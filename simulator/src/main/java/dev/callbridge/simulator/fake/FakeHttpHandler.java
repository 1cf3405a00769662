package dev.callbridge.simulator.fake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's HTTP front: {@code GET /v1/realtime} with an upgrade becomes a Realtime session (or a 503 when the
 * server refuses this connect on purpose), {@code POST /v1/responses} is answered by {@link FakeResponsesHandler},
 * {@code GET /v1/models/{id}} by {@link FakeModels}, anything else is a 404. One per connection, on its event loop; it hands an upgraded connection to
 * {@link FakeSocketHandler}.
 */
final class FakeHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(FakeHttpHandler.class);
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Function<String, Optional<FakeSession>> sessions;
    private static final String MODELS = "/v1/models/";
    private final FakeResponsesHandler responses;
    private final FakeModels models;

    /** @param sessions opens a session for a client's request id, or refuses the connect (empty) */
    FakeHttpHandler(Function<String, Optional<FakeSession>> sessions, FakeResponsesHandler responses, FakeModels models) {
        this.sessions = sessions;
        this.responses = responses;
        this.models = models;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals("/v1/realtime") && request.headers().containsValue(HttpHeaderNames.UPGRADE,
                HttpHeaderValues.WEBSOCKET, true)) {
            upgrade(ctx, request);
        } else if (path.equals("/v1/responses") && request.method().equals(HttpMethod.POST)) {
            String reply = responses.answer(request.content().toString(StandardCharsets.UTF_8));
            respond(ctx, request, HttpResponseStatus.OK, "application/json", reply);
        } else if (path.startsWith(MODELS) && path.length() > MODELS.length() && request.method().equals(HttpMethod.GET)) {
            String id = QueryStringDecoder.decodeComponent(path.substring(MODELS.length()));
            models.lookup(id).ifPresentOrElse(
                    body -> respond(ctx, request, HttpResponseStatus.OK, "application/json", body),
                    () -> respond(ctx, request, HttpResponseStatus.NOT_FOUND, "application/json", FakeModels.notFound(id)));
        } else {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "no such resource");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String callSid = Optional.ofNullable(request.headers().get("X-Client-Request-Id")).orElse("anonymous");
        Optional<FakeSession> session = sessions.apply(callSid);
        if (session.isEmpty()) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", "stand-in refuses this connect");
            return;
        }
        String url = "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false, MAX_MESSAGE_BYTES)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // The handshake swaps the HTTP codec for the WebSocket one; what follows the 101 is frames.
        handshaker.handshake(ctx.channel(), request);
        ctx.pipeline().addAfter(ctx.name(), "session", new FakeSocketHandler(session.get()));
        ctx.pipeline().replace(this, "aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
        session.get().onWebSocketOpen(ctx.channel());
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("stand-in HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
