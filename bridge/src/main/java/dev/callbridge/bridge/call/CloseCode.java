package dev.callbridge.bridge.call;

/** The WebSocket close statuses a call ends with (RFC 6455 §7.4.1). */
public final class CloseCode {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int POLICY_VIOLATION = 1008;
    public static final int INTERNAL_ERROR = 1011;

    private CloseCode() {}

    /** How a call names a socket's close in its end reason: {@code "<socket>-closed <status>[ <reason>]"}. */
    public static String closed(String socket, int status, String reason) {
        return socket + "-closed " + status + (reason == null || reason.isEmpty() ? "" : " " + reason);
    }
}
