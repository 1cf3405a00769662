package dev.callbridge.bridge.summary;

import dev.callbridge.mailer.request.MailRequest.Summary;

/** Writes the short summary that heads a call's mail. Never throws: a failure is a {@link Summary#unavailable}. */
@FunctionalInterface
public interface CallSummarizer {
    Summary summarize(String conversation);

    static CallSummarizer off(String reason) {
        Summary none = Summary.unavailable(reason);
        return conversation -> none;
    }
}
