package dev.callbridge.mailer.mail;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How summary mails look.
 *
 * @param zone the zone of the send time in subjects and attachment names
 * @param bodyLimitBytes the body holds at most this many UTF-8 bytes of text; the attachment always holds all
 */
public record MailSettings(String from, String defaultRecipient, ZoneId zone, int bodyLimitBytes) {
    /** The project-wide default recipient; every command and endpoint can name another. */
    public static final String DEFAULT_RECIPIENT = "call-summaries@example.com";
    public static final String DEFAULT_FROM = "callbridge@example.com";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");
    public static final int DEFAULT_BODY_LIMIT_BYTES = 10 * 1024;

    public static final MailSettings DEFAULTS =
            new MailSettings(DEFAULT_FROM, DEFAULT_RECIPIENT, DEFAULT_ZONE, DEFAULT_BODY_LIMIT_BYTES);

    public MailSettings {
        Objects.requireNonNull(from);
        Objects.requireNonNull(defaultRecipient);
        Objects.requireNonNull(zone);
        if (bodyLimitBytes < 256) {
            throw new IllegalArgumentException("bodyLimitBytes must be at least 256: " + bodyLimitBytes);
        }
    }
}
