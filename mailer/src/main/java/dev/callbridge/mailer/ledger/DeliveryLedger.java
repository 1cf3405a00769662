package dev.callbridge.mailer.ledger;

/**
 * Remembers which mails went out, so that a message the queue delivers twice (SQS is at-least-once, and SES has no
 * idempotency token) is mailed once. A consumer claims the id before sending, marks it sent after, and releases it
 * when sending failed so a redelivery can try again. A claim left behind by a crashed consumer lapses after a lease,
 * so the mail is sent then rather than lost.
 */
public interface DeliveryLedger {
    /** How long a claim holds before another delivery may take it over: longer than one send can take. */
    java.time.Duration DEFAULT_LEASE = java.time.Duration.ofMinutes(5);
    /**
     * How long a sent mail is remembered: as long as SQS can keep (and so redeliver) a message, 14 days. Then the
     * record expires, so the ledger does not grow for ever.
     */
    java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(14);

    /** What a claim found. */
    enum Claim {
        /** Ours to send. */
        TAKEN,
        /** Already sent: skip it. */
        SENT,
        /** Another delivery holds a live claim and has not sent it yet: try again later, never skip it. */
        HELD
    }

    /** Takes the id for sending, or says why not. */
    Claim tryClaim(String id);

    /** Takes the id for sending; false when it was already sent or another consumer holds a live claim. */
    default boolean claim(String id) {
        return tryClaim(id) == Claim.TAKEN;
    }

    /** Records the id as sent; later claims return false. */
    void sent(String id);

    /** Gives a claim back after a failed send. */
    void release(String id);
}
