package dev.callbridge.mailer.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** {@link Mail} to RFC 5322 bytes: a text/plain UTF-8 body and the text attachment, as multipart/mixed. */
public final class MimeRenderer {
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeRenderer() {}

    public static byte[] render(Mail mail) {
        try {
            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(new InternetAddress(mail.from()));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(mail.to()));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(mail.sentAt()));
            for (var h : mail.headers().entrySet()) {
                message.setHeader(h.getKey(), h.getValue());
            }
            MimeBodyPart body = new MimeBodyPart();
            body.setText(mail.body(), StandardCharsets.UTF_8.name());
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setText(mail.attachment(), StandardCharsets.UTF_8.name());
            attachment.setFileName(mail.attachmentName());
            attachment.setDisposition(MimeBodyPart.ATTACHMENT);
            // base64 keeps the file's bytes exactly (text transfer encodings turn line ends into CRLF)
            attachment.setHeader("Content-Transfer-Encoding", "base64");
            message.setContent(new MimeMultipart(body, attachment));
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("cannot render mail '" + mail.subject() + "': " + e.getMessage(), e);
        }
    }
}
