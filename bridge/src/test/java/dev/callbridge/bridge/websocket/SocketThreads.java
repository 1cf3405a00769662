package dev.callbridge.bridge.websocket;

/**
 * What carries a socket's reader loop and its writer: virtual threads (the default, the least CPU) or platform
 * threads, which the kernel time-slices instead of one carrier per core running them in turn. Measured on one core,
 * 100 calls: platform threads cost ~11 % more CPU and ~350 KB more RSS per call and bring the relay's p99 from
 * 7–14 ms to under 5 ms each way. At 250 calls on one core virtual threads win on both (0.123 vs 0.153 CPU-s per
 * call-minute, p99 16 vs 24–29 ms); hence the default (steps/20261122-1530-own-websocket-transport.md).
 */
public enum SocketThreads {
    VIRTUAL {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofVirtual().name(name).start(task);
        }
    },
    PLATFORM {
        @Override
        public Thread start(String name, Runnable task) {
            return Thread.ofPlatform().name(name).daemon().stackSize(PLATFORM_STACK_BYTES).start(task);
        }
    };

    /** Reserved, not committed: the loops are shallow; JSON and the audio stage stay well inside it. */
    static final long PLATFORM_STACK_BYTES = 512 * 1024;

    public abstract Thread start(String name, Runnable task);
}
