package dev.callbridge.wire;

/** A message that cannot be read as the protocol it claims to be. Carries a reason fit for a close frame. */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
