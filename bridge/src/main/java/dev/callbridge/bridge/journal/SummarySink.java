package dev.callbridge.bridge.journal;

import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;

/**
 * Where finished calls go: the mail pipeline. Called on the call journal's disk thread (or at start-up, for calls
 * recovered from journals); the summary must be spooled when it returns, since the call's journal goes next.
 */
public interface SummarySink {
    void accept(CallSummary summary, Origin origin);
}
