package dev.callbridge.bridge.call;

/** A protocol violation by the Twilio side of a call, carrying the status its socket is closed with. */
public final class CallFailure extends RuntimeException {
    private final int status;

    public CallFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
