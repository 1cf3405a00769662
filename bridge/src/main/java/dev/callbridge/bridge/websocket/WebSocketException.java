package dev.callbridge.bridge.websocket;

/** A peer broke RFC 6455 or a limit; carries the close status the connection ends with (§7.4.1). */
public final class WebSocketException extends RuntimeException {
    private final int closeCode;

    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
