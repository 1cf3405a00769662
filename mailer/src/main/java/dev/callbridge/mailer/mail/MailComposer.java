package dev.callbridge.mailer.mail;

import dev.callbridge.mailer.request.MailRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds mails. {@link #textMail} is the one {@code sendmail}-style function every mail goes through: a recipient,
 * a subject stamped with the send time, a text that goes into the body up to the byte limit and, whole, into an
 * attachment named {@code yyyyMMdd-HHmmss.txt} after the send time. {@link #compose} builds on it for queued
 * requests, adding the generated summary and the note about a text cut on the queue.
 */
public final class MailComposer {
    private static final DateTimeFormatter SUBJECT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);
    private static final DateTimeFormatter ATTACHMENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    public static final String HEADER_ID = "X-Callbridge-Id";
    public static final String HEADER_KIND = "X-Callbridge-Kind";

    private final MailSettings settings;

    public MailComposer(MailSettings settings) {
        this.settings = settings;
    }

    public MailSettings settings() {
        return settings;
    }

    /**
     * The reusable mail: {@code recipient} (blank for the default), {@code source} distinguishes the kind of mail in
     * the subject, {@code sendTime} stamps subject and attachment name, {@code preface} heads the body before the
     * text, {@code text} fills the body up to the limit and the attachment whole.
     */
    public Mail textMail(String recipient, String source, Instant sendTime, String preface, String text,
                         Map<String, String> headers) {
        String to = recipient == null || recipient.isBlank() ? settings.defaultRecipient() : recipient;
        String subject = "[callbridge] " + source + " — " + SUBJECT_TIME.format(sendTime.atZone(settings.zone()));
        String attachmentName = ATTACHMENT_TIME.format(sendTime.atZone(settings.zone())) + ".txt";
        return new Mail(settings.from(), to, subject, sendTime, preface + body(text, attachmentName), attachmentName,
                text, headers);
    }

    /** The body's share of the text: all of it up to the limit, else the first bytes and where the rest is. */
    private String body(String text, String attachmentName) {
        int limit = settings.bodyLimitBytes();
        if (Utf8.length(text) <= limit) {
            return text;
        }
        return Utf8.truncate(text, limit) + "\n\n[… the body stops after " + limit
                + " bytes; the whole text is in the attachment " + attachmentName + "]\n";
    }

    /** The mail for a queued request. */
    public Mail compose(MailRequest request, Instant sendTime) {
        StringBuilder preface = new StringBuilder();
        MailRequest.Summary summary = request.summary();
        if (!summary.text().isEmpty()) {
            preface.append("Summary (").append(summary.note()).append("):\n").append(summary.text()).append("\n\n");
        } else if (summary.requested()) {
            preface.append("Summary: not available (").append(summary.note()).append(").\n\n");
        }
        String text = request.text();
        if (request.truncated()) {
            String note = truncationNote(request);
            preface.append(note).append("\n\n");
            text = text + "\n\n" + note + "\n";
        }
        if (!preface.isEmpty()) {
            preface.append("----\n");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_ID, request.id());
        headers.put(HEADER_KIND, request.kind().label());
        return textMail(request.recipient(), request.source(), sendTime, preface.toString(), text, headers);
    }

    private static String truncationNote(MailRequest r) {
        return String.format(Locale.ROOT, "Note: only part of the conversation was recorded: the first %,d of %,d bytes "
                + "were kept, the rest was cut before queueing.", Utf8.length(r.text()), r.originalBytes());
    }
}
