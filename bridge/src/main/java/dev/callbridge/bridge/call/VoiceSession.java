package dev.callbridge.bridge.call;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The voice model's side of one call, as the call core drives it. Confined to the call's lock (the call invokes it
 * holding the lock; the API takes the lock through {@link VoiceEvents#whileActive} for what its sockets report).
 * Nothing here waits: dialling only starts a connection and every send enqueues.
 */
public interface VoiceSession {
    /** Dials the first session. */
    void open();

    /** Caller audio: μ-law 8 kHz, base64, as Twilio sent it, at {@code timestampMs} on the media timeline. */
    void append(long timestampMs, String mulaw);

    /**
     * The call's clock tick (every media frame): redials after a loss, replaces an old session. {@code quiet} says
     * whether this is a moment to switch sessions unnoticed; it is asked only when a switch is due.
     */
    void tick(BooleanSupplier quiet);

    /**
     * The caller cut into reply {@code itemId} after hearing {@code heardMs} of it: the model is told, so that it
     * knows what was heard. Returns false when it cannot be (the session that made the reply is gone).
     */
    boolean truncate(String itemId, long heardMs);

    /**
     * The caller pressed {@code digit} on the keypad: the model is told, as a short caller message in the
     * conversation, and asked for a reply when {@code reply} (no reply is being generated and no one is speaking).
     * The API reports the message back ({@link VoiceEvents#callerKeypad}) when the model has it.
     */
    void keypad(String digit, boolean reply);

    /** Whether any session ever answered. */
    boolean everEstablished();

    /** Stops trying: closes what is open or opening; returns {@code reason}, as {@link #gaveUp} will. */
    String giveUp(String reason);

    /** Why the call could not keep a session, once it has given up. */
    Optional<String> gaveUp();

    /** Messages to the model dropped (a full buffer, or no session to take them). */
    long dropped();

    /** Adds this side's counters to the call's summary. */
    void addCounters(Map<String, Long> counters);

    /** Closes every session at once; nothing is reported afterwards. */
    void close();
}
