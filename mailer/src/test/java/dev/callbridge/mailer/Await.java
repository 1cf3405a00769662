package dev.callbridge.mailer;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every 50 ms until it holds, or fails the test after a timeout. */
final class Await {
    private Await() {}

    static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
