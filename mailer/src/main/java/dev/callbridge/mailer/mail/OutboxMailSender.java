package dev.callbridge.mailer.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Delivers mails as {@code .eml} files into a folder: the local stand-in for SES. Each file appears whole
 * (written aside, then moved), named after the attachment time and the call id or a running number.
 */
public final class OutboxMailSender implements MailSender {
    private final Path outbox;

    public OutboxMailSender(Path outbox) {
        this.outbox = outbox;
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create outbox " + outbox, e);
        }
    }

    public Path outbox() {
        return outbox;
    }

    @Override
    public void send(Mail mail) {
        byte[] bytes = MimeRenderer.render(mail);
        String stem = mail.attachmentName().replace(".txt", "") + "-"
                + mail.headers().getOrDefault(MailComposer.HEADER_ID, "mail").replaceAll("[^A-Za-z0-9_-]", "_");
        try {
            Path tmp = Files.createTempFile(outbox, ".", ".part");
            Files.write(tmp, bytes);
            Path target = outbox.resolve(stem + ".eml");
            for (int n = 2; Files.exists(target); n++) {
                target = outbox.resolve(stem + "-" + n + ".eml");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write mail to " + outbox, e);
        }
    }
}
