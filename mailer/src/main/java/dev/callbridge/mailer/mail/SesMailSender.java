package dev.callbridge.mailer.mail;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Delivers mails through the SES v2 {@code SendEmail} API as raw MIME (the same bytes the outbox writes), so the
 * attachment and headers arrive exactly as rendered. SES takes up to 40 MB this way; our mails are a few hundred KB.
 */
public final class SesMailSender implements MailSender {
    private final SesV2Client ses;

    public SesMailSender(SesV2Client ses) {
        this.ses = ses;
    }

    @Override
    public void send(Mail mail) {
        byte[] raw = MimeRenderer.render(mail);
        ses.sendEmail(b -> b.fromEmailAddress(mail.from())
                .destination(d -> d.toAddresses(mail.recipients()))
                .content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(raw)))));
    }
}
