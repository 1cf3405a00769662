package dev.callbridge.mailer.request;

import dev.callbridge.mailer.mail.Utf8;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.CallText;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * One mail to send: the body of a summary-queue message. Everything that ends in a mail (a finished call, the test
 * commands, the bridge's mail endpoint) becomes one of these, so the consumer has a single path.
 *
 * @param id the de-duplication key: for a call, the summary's own identity {@code <call SID>:<stream SID>} (one call
 *           SID may stream more than once, and each stream is its own summary), a fresh id for anything else
 * @param recipient blank for the project-wide default
 * @param source what the mail is about, shown in the subject (e.g. {@code Call +1555… → +1555…})
 * @param text the text as queued: already cut to the queue's size cap
 * @param originalBytes the UTF-8 size of the text before the cap; larger than {@code text} means it was cut
 * @param summary the short generated summary for the top of the body, empty when there is none
 */
public record MailRequest(int version, String id, Kind kind, String recipient, String source, String text,
                          long originalBytes, Summary summary) {
    /** Bumped when the shape changes incompatibly; the consumer refuses other versions. */
    public static final int VERSION = 2;
    /** The default cap on the text put on the queue (SQS takes 1 MiB; this leaves room and keeps mails sane). */
    public static final int DEFAULT_QUEUE_CAP_BYTES = 200 * 1024;

    public MailRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        recipient = recipient == null ? "" : recipient.strip();
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        summary = summary == null ? Summary.NOT_REQUESTED : summary;
        if (version != VERSION) {
            throw new IllegalArgumentException("mail request version " + version + ", this consumer reads " + VERSION);
        }
        if (id.isBlank() || !id.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException("mail request id must be 1–128 of [A-Za-z0-9._:-]: '" + id + "'");
        }
        if (originalBytes < Utf8.length(text)) {
            throw new IllegalArgumentException("originalBytes " + originalBytes + " is less than the text's own size");
        }
    }

    /** A request whose text is cut to {@code capBytes} (UTF-8, never inside a character). */
    public static MailRequest of(Kind kind, String id, String recipient, String source, String text, int capBytes,
                                 Summary summary) {
        if (capBytes < 1024) {
            throw new IllegalArgumentException("the queue cap must be at least 1024 bytes: " + capBytes);
        }
        int bytes = Utf8.length(text);
        String kept = bytes > capBytes ? Utf8.truncate(text, capBytes) : text;
        return new MailRequest(VERSION, id, kind, recipient, source, kept, bytes, summary);
    }

    /**
     * The mail for a finished voice or text call: its facts and transcript as text, keyed by {@link #callKey}: a
     * redelivered message is mailed once, and a second summary of the same call SID (a stream re-attached, a call
     * that streamed twice) is mailed too. A call recovered from its journal keeps the same key.
     */
    public static MailRequest call(CallSummary call, ZoneId zone, String recipient, int capBytes, Summary summary) {
        return call(call, zone, recipient, "", capBytes, summary);
    }

    /**
     * @param recipient one address or several separated by commas; blank for the consumer's default
     * @param subjectPrefix put before what the subject says the call is (e.g. a persona's {@code [Spoke & Chain]})
     */
    public static MailRequest call(CallSummary call, ZoneId zone, String recipient, String subjectPrefix, int capBytes,
                                   Summary summary) {
        Kind kind = call.channel() == CallSummary.Channel.TEXT ? Kind.TEXT_CALL : Kind.CALL;
        String source = subjectPrefix.isBlank() ? CallText.source(call) : subjectPrefix.strip() + " " + CallText.source(call);
        return of(kind, callKey(call), recipient, source, CallText.render(call, zone), capBytes, summary);
    }

    /** {@code <call SID>:<stream SID>}, or the call SID alone when there is no usable stream SID. */
    public static String callKey(CallSummary call) {
        String key = call.callId() + ":" + call.streamSid();
        return call.streamSid().isEmpty() || !key.matches("[A-Za-z0-9._:-]{1,128}") ? call.callId() : key;
    }

    public boolean truncated() {
        return originalBytes > Utf8.length(text);
    }

    /** What a mail is, for logs and the {@code X-Callbridge-Kind} header. */
    public enum Kind {
        CALL, TEXT_CALL, TEST, CONVERSATION_FILE, ENDPOINT;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The generated summary that heads the body.
     *
     * @param text the summary, empty when there is none
     * @param note why there is none (shown in the mail), or which model wrote it
     */
    public record Summary(String text, String note) {
        public static final Summary NOT_REQUESTED = new Summary("", "");

        public Summary {
            Objects.requireNonNull(text);
            Objects.requireNonNull(note);
        }

        public static Summary of(String text, String model) {
            return new Summary(text.strip(), "generated by " + model);
        }

        public static Summary unavailable(String reason) {
            return new Summary("", reason);
        }

        public boolean requested() {
            return !text.isEmpty() || !note.isEmpty();
        }
    }
}
