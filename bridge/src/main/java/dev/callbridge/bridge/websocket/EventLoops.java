package dev.callbridge.bridge.websocket;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops of the Netty transport: a few platform threads, each owning many sockets through one epoll set
 * (Linux's epoll directly where the native library loads, else the JDK's selector). A call's Twilio socket and its
 * OpenAI sockets live on the same loop, so a relayed message is read, handled and written by one thread with no
 * hand-off. Threads start on first use, so an unused group costs nothing but its epoll descriptors.
 */
public final class EventLoops implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> channel;
    private final String kind;
    private final int threads;

    private EventLoops(int threads, IoHandlerFactory io, Class<? extends ServerChannel> serverChannel,
                       Class<? extends Channel> channel, String kind) {
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("callbridge-loop", true), io);
        this.serverChannel = serverChannel;
        this.channel = channel;
        this.kind = kind;
        this.threads = threads;
    }

    /** @param threads how many loops; 0 for one per available processor */
    public static EventLoops create(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (Epoll.isAvailable()) {
            log.info("{} event loops on native epoll ({} {}, netty-transport-native-epoll linux-{})", n,
                    System.getProperty("os.name"), System.getProperty("os.arch"), nativeClassifier());
            return new EventLoops(n, EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class,
                    "epoll");
        }
        log.info("native epoll unavailable ({}); event loops use the JDK selector", Epoll.unavailabilityCause().toString());
        return new EventLoops(n, NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class, "nio");
    }

    /** The classifier of the native library Netty loads on this machine's architecture. */
    private static String nativeClassifier() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : arch.equals("amd64") ? "x86_64" : arch;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    Class<? extends Channel> channel() {
        return channel;
    }

    /** The loop the calling thread runs, so a call's new socket joins its other sockets; else the next one. */
    EventLoop loopForCaller() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return (EventLoop) e;
            }
        }
        return group.next();
    }

    @Override
    public String toString() {
        return threads + " " + kind + " event loop" + (threads == 1 ? "" : "s");
    }

    /** Stops the loops; sockets still open are closed. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
