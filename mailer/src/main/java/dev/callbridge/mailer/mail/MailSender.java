package dev.callbridge.mailer.mail;

/** Delivers a mail. Throws on failure, so that the queue delivers the message again. */
public interface MailSender {
    void send(Mail mail);
}
