package dev.callbridge.mailer.mail;

import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.TranscriptFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds mails. {@link #textMail} is the one {@code sendmail}-style entry every kind of mail goes through: a
 * recipient, a subject stamped with the send time, a text that goes into the body up to the byte limit and, whole,
 * into an attachment named {@code yyyyMMdd-HHmmss.txt} after the send time.
 */
public final class MailComposer {
    private static final DateTimeFormatter SUBJECT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);
    private static final DateTimeFormatter ATTACHMENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final MailSettings settings;

    public MailComposer(MailSettings settings) {
        this.settings = settings;
    }

    public MailSettings settings() {
        return settings;
    }

    /**
     * The reusable mail: {@code recipient} (blank for the default), {@code source} distinguishes the kind of mail
     * in the subject, {@code sendTime} stamps subject and attachment name.
     */
    public Mail textMail(String recipient, String source, Instant sendTime, String text, Map<String, String> headers) {
        String to = recipient == null || recipient.isBlank() ? settings.defaultRecipient() : recipient;
        String subject = "[callbridge] " + source + " — " + SUBJECT_TIME.format(sendTime.atZone(settings.zone()));
        String attachmentName = ATTACHMENT_TIME.format(sendTime.atZone(settings.zone())) + ".txt";
        return new Mail(settings.from(), to, subject, sendTime, body(text, attachmentName), attachmentName, text, headers);
    }

    private String body(String text, String attachmentName) {
        int limit = settings.bodyLimitBytes();
        if (Utf8.length(text) <= limit) {
            return text;
        }
        return Utf8.truncate(text, limit) + "\n\n[… the body stops after " + limit
                + " bytes; the whole text is in the attachment " + attachmentName + "]\n";
    }

    /** The summary mail for one call. */
    public Mail callMail(CallSummary summary, String recipient, Instant sendTime) {
        String transcript = TranscriptFormat.render(summary, settings.zone());
        String text = header(summary) + "\n" + (transcript.isEmpty() ? "(no spoken turns)\n" : transcript);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Callbridge-Call-Id", summary.callId());
        String source = "Call " + summary.from() + " → " + summary.to();
        return textMail(recipient, source, sendTime, text, headers);
    }

    private String header(CallSummary s) {
        DateTimeFormatter wall = SUBJECT_TIME;
        Duration d = s.duration();
        return "Call SID: " + s.callId() + "\n"
                + "Stream SID: " + s.streamSid() + "\n"
                + "From: " + s.from() + "\n"
                + "To: " + s.to() + "\n"
                + "Started: " + wall.format(s.startedAt().atZone(settings.zone())) + "\n"
                + "Ended: " + wall.format(s.endedAt().atZone(settings.zone())) + " (" + s.endReason() + ")\n"
                + String.format(Locale.ROOT, "Duration: %d:%02d%n", d.toMinutes(), d.toSecondsPart())
                + "Turns: " + s.turns().size() + "\n"
                + (s.recording().isEmpty() ? "" : "Recording: " + s.recording() + "\n");
    }
}
