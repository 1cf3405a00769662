package dev.callbridge.bridge.call;

/** What the OpenAI leg reports to its call, on the leg's reader thread. */
public interface RealtimeListener {
    void onRealtimeText(String json);

    /** The socket closed or could not be opened; called at most once. */
    void onRealtimeClosed(int status, String reason);
}
