package dev.callbridge.mailer.queue;

import dev.callbridge.mailer.request.MailRequest;

/** Hands a mail request on: to the summary queue, or straight to a sender on the direct path. */
public interface MailPublisher {
    /** Returns an id for the hand-over (the SQS message id); throws when it failed and nothing was handed on. */
    String publish(MailRequest request, Origin origin);
}
