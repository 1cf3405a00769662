package dev.callbridge.bridge.call;

import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;

/** Where finished calls go: the mail pipeline. Must not block the caller for long. */
public interface SummarySink {
    void accept(CallSummary summary, Origin origin);
}
