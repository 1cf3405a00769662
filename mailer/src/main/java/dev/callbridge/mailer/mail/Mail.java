package dev.callbridge.mailer.mail;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A rendered summary mail: what every sender (outbox folder, SES) delivers.
 *
 * @param to one address, or several separated by commas
 * @param headers extra headers such as {@code X-Callbridge-Id}, for finding a mail again
 */
public record Mail(String from, String to, String subject, Instant sentAt, String body, String attachmentName,
                   String attachment, Map<String, String> headers) {
    public Mail {
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(sentAt);
        Objects.requireNonNull(body);
        Objects.requireNonNull(attachmentName);
        Objects.requireNonNull(attachment);
        headers = Map.copyOf(headers);
        if (to.isBlank() || from.isBlank()) {
            throw new IllegalArgumentException("a mail needs a sender and a recipient");
        }
    }

    /** Each address of {@link #to}. */
    public java.util.List<String> recipients() {
        return java.util.Arrays.stream(to.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList();
    }
}
