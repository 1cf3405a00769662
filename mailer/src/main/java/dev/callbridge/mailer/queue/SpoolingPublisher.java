package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.request.MailRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing is lost when the queue is down: every request is first written to the {@link Spool}, then one drain
 * thread hands spooled requests to the target publisher, oldest first, and removes each once taken. While the
 * target fails, the drain retries with backoff (doubling from {@code retryMin} up to {@code retryMax}); what is
 * left at shutdown, or after a crash, is sent by the next process that opens the same spool.
 */
public final class SpoolingPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolingPublisher.class);

    private final Spool spool;
    private final MailPublisher target;
    private final Duration retryMin;
    private final Duration retryMax;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Handed over but not yet reported delivered; stays empty unless {@link #untilDelivered}. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final boolean untilDelivered;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread drain;
    private boolean signalled = true; // drain what an earlier process left
    private volatile boolean running = true;

    public SpoolingPublisher(Spool spool, MailPublisher target, Duration retryMin, Duration retryMax) {
        this(spool, target, retryMin, retryMax, false);
    }

    /**
     * For a target that is not durable (the embedded, in-memory queue): an entry stays spooled after the hand-over
     * until {@link #delivered} reports it mailed, so a hard kill between the two loses nothing. The next process
     * hands everything still spooled over again, and the consumer's delivery ledger skips what was mailed already.
     */
    public static SpoolingPublisher untilDelivered(Spool spool, MailPublisher target, Duration retryMin,
                                                   Duration retryMax) {
        return new SpoolingPublisher(spool, target, retryMin, retryMax, true);
    }

    private SpoolingPublisher(Spool spool, MailPublisher target, Duration retryMin, Duration retryMax,
                              boolean untilDelivered) {
        this.untilDelivered = untilDelivered;
        this.spool = spool;
        this.target = target;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.drain = Thread.ofVirtual().name("mail-spool-drain").start(this::loop);
    }

    /** Spools the request (durable when this returns) and wakes the drain. Replaces a held entry of the same id. */
    public void submit(MailRequest request, Origin origin) {
        spool.put(new Spool.Entry(request, origin));
        held.remove(request.id());
        wake();
    }

    /**
     * Spools a provisional request that this process will complete with {@link #submit} (e.g. once the call's
     * summary is written): the drain leaves it alone meanwhile, but after a crash the next process sends it as is.
     */
    public void hold(MailRequest request, Origin origin) {
        held.add(request.id());
        spool.put(new Spool.Entry(request, origin));
    }

    /** The consumer mailed the request, now or before: with {@link #untilDelivered}, its spool entry goes. */
    public void delivered(String requestId) {
        if (untilDelivered && inFlight.remove(requestId)) {
            spool.remove(requestId);
        }
    }

    public void wake() {
        lock.lock();
        try {
            signalled = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long published() {
        return published.get();
    }

    /** Failed hand-overs (each retried later). */
    public long failures() {
        return failures.get();
    }

    /** Spooled requests not handed over yet. */
    public int pending() {
        return Math.max(0, spool.size() - inFlight.size());
    }

    /** Handed over and not reported delivered yet (only with {@link #untilDelivered}). */
    public int inFlight() {
        return inFlight.size();
    }

    private void loop() {
        Duration backoff = retryMin;
        boolean failing = false;
        while (running) {
            if (failing) {
                await(backoff, true);
            } else {
                await(retryMax, false); // a periodic look too, for files another process left
            }
            if (!running) {
                return;
            }
            failing = !drainOnce();
            backoff = failing ? min(backoff.multipliedBy(2), retryMax) : retryMin;
        }
    }

    /**
     * Waits up to {@code timeout}; a submission ends the wait early unless {@code wholly} (a backoff is not cut
     * short by new work). Closing always ends it.
     */
    private void await(Duration timeout, boolean wholly) {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (left > 0 && running && (wholly || !signalled)) {
                left = work.awaitNanos(left);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Hands on everything spooled, oldest first; false at the first failure. */
    private boolean drainOnce() {
        // Entries handed over and not yet delivered (or held) are not read again: a long call's is tens of KB.
        for (Spool.Entry entry : spool.pending(id -> held.contains(id) || inFlight.contains(id))) {
            if (!running) {
                return true;
            }
            String id = entry.request().id();
            if (held.contains(id) || inFlight.contains(id)) {
                continue;
            }
            try {
                if (untilDelivered) {
                    inFlight.add(id); // before the hand-over: the consumer may report it delivered at once
                }
                target.publish(entry.request(), entry.origin());
                if (!untilDelivered) {
                    spool.remove(id);
                }
                published.incrementAndGet();
            } catch (RuntimeException e) {
                inFlight.remove(id);
                failures.incrementAndGet();
                log.warn("queue did not take {} {} ({}); kept in {} and retried", entry.request().kind().label(),
                        entry.request().id(), e.toString(), spool.folder());
                return false;
            }
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the drain; what is still spooled stays on disk for the next start. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            drain.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
