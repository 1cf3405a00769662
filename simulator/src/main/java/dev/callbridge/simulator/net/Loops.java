package dev.callbridge.simulator.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The simulator's event loops: every socket it plays (Twilio's Media Streams, the Realtime stand-in) is served by a
 * few threads that also pace the calls, so that hundreds of calls cost the machine little next to the bridge they
 * measure. Linux's epoll where it loads, the JDK's selector elsewhere.
 */
public final class Loops implements AutoCloseable {
    private static final class Shared {
        static final Loops INSTANCE = new Loops("sim-loop", 1);
    }

    private final EventLoopGroup group;
    private final boolean epoll;

    /** @param threads event-loop threads (daemon), named {@code name-N} */
    public Loops(String name, int threads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    /** One loop for the whole process, created on first use and never closed (its thread is a daemon). */
    public static Loops shared() {
        return Shared.INSTANCE;
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
