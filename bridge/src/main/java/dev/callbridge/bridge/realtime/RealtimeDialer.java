package dev.callbridge.bridge.realtime;

/** Opens OpenAI legs. */
public interface RealtimeDialer {
    /** Starts opening a leg for {@code callId} and returns at once; events queue until it is open. */
    RealtimePort dial(String callId, RealtimeListener listener);
}
