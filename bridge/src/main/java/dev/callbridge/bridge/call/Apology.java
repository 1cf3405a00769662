package dev.callbridge.bridge.call;

import dev.callbridge.wire.twilio.TwilioCommand;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * What the caller hears when no voice session can be had, so the call never ends in silence: the recorded apology,
 * sent to Twilio in one-second chunks with a mark after it. The call ends when Twilio echoes the mark (the caller
 * heard it all) or, if it never does, once the media timeline is past the apology's length and a grace period.
 * Confined to the call's lock.
 */
final class Apology {
    static final String MARK = "apology";
    /** The apology's end is waited for this long past its length, in case Twilio never echoes its mark. */
    private static final long GRACE_MS = 2_000;
    private static final int CHUNK_BYTES = 8_000;

    private final byte[] mulaw;
    private long endsAtMs = -1;
    private String why;

    /** @param mulaw μ-law 8 kHz */
    Apology(byte[] mulaw) {
        this.mulaw = mulaw;
    }

    /** Plays it from {@code nowMs} on the media timeline; {@code why} no session could be had. */
    void play(TwilioPort twilio, String streamSid, long nowMs, String why) {
        for (int from = 0; from < mulaw.length; from += CHUNK_BYTES) {
            byte[] chunk = Arrays.copyOfRange(mulaw, from, Math.min(mulaw.length, from + CHUNK_BYTES));
            twilio.send(new TwilioCommand.Media(streamSid, Base64.getEncoder().encodeToString(chunk)));
        }
        twilio.send(new TwilioCommand.Mark(streamSid, MARK));
        endsAtMs = nowMs + mulaw.length / 8 + GRACE_MS;
        this.why = why;
    }

    boolean playing() {
        return endsAtMs >= 0;
    }

    /** Twilio echoed mark {@code name}: if it is the apology's, the call ends now. */
    Optional<CallFailure> onMark(String name) {
        return playing() && name.equals(MARK)
                ? Optional.of(new CallFailure(CloseCode.NORMAL, "realtime unavailable (" + why + "): apology played"))
                : Optional.empty();
    }

    /** The media timeline reached {@code mediaMs}: past the apology and its grace, the call ends unconfirmed. */
    Optional<CallFailure> tick(long mediaMs) {
        return playing() && mediaMs >= endsAtMs
                ? Optional.of(new CallFailure(CloseCode.NORMAL, "realtime unavailable (" + why + "): apology played, unconfirmed"))
                : Optional.empty();
    }
}
