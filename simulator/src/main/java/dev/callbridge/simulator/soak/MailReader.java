package dev.callbridge.simulator.soak;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads summary mails back from an outbox folder of {@code .eml} files: the call they belong to (header
 * {@code X-Callbridge-Id}), subject, attachment name and the transcript turns parsed from the attachment.
 */
public final class MailReader {
    /** The transcript line format the bridge writes (see the mailer's TranscriptFormat). */
    private static final Pattern TURN = Pattern.compile(
            "^\\[\\+(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\| ([^\\]]+)\\] (caller|assistant)( \\(interrupted\\))?: (.*)$");
    private static final Session SESSION = Session.getInstance(new Properties());

    private MailReader() {}

    public record Turn(String offset, String wallClock, String speaker, boolean interrupted, String text) {}

    public record SummaryMail(Path file, String callId, String subject, String attachmentName, String body,
                              String attachment, List<Turn> turns) {}

    /** Every mail in the folder, by call id (a later duplicate is kept in {@code duplicates}). */
    public static Map<String, SummaryMail> readAll(Path outbox, List<SummaryMail> duplicates) throws IOException {
        Map<String, SummaryMail> mails = new HashMap<>();
        if (!Files.isDirectory(outbox)) {
            return mails;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                SummaryMail m = read(f);
                if (mails.putIfAbsent(m.callId(), m) != null) {
                    duplicates.add(m);
                }
            }
        }
        return mails;
    }

    public static SummaryMail read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(SESSION, in);
            // A call mail's id is <call SID>:<stream SID>: each stream of a call is its own summary.
            String id = message.getHeader("X-Callbridge-Id", "");
            String callId = id == null ? "" : id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
            var parts = (Multipart) message.getContent();
            String body = "";
            String attachmentName = "";
            String attachment = "";
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                    attachmentName = part.getFileName();
                    attachment = part.getContent().toString();
                } else {
                    body = part.getContent().toString();
                }
            }
            return new SummaryMail(file, callId == null ? "" : callId, message.getSubject(), attachmentName, body,
                    attachment, turns(attachment));
        } catch (jakarta.mail.MessagingException e) {
            throw new IOException("unreadable mail " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Turn> turns(String transcript) {
        List<Turn> turns = new ArrayList<>();
        for (String line : transcript.split("\n")) {
            Matcher m = TURN.matcher(line);
            if (m.matches()) {
                turns.add(new Turn(m.group(1), m.group(2), m.group(3), m.group(4) != null, m.group(5)));
            }
        }
        return turns;
    }
}
