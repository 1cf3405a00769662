package dev.callbridge.bridge.websocket;

/** What happens on one WebSocket: its messages, then its end (exactly once). Called on the socket's event loop. */
public interface SocketListener {
    void onText(String text);

    /** A binary message; the protocols bridged here are text only. */
    void onBinary(byte[] data);

    /** The connection is over: the peer's close status, or 1006 (and why) when it just went away; called once. */
    void onClosed(int code, String reason);
}
