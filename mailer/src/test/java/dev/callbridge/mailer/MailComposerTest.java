package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.mail.Mail;
import dev.callbridge.mailer.mail.MailComposer;
import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.mail.Utf8;
import dev.callbridge.mailer.summary.SummaryCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailComposerTest {
    private final MailComposer composer = new MailComposer(MailSettings.DEFAULTS);
    private final Instant sendTime = Instant.parse("2026-11-22T04:05:09Z"); // 13:05:09 in Tokyo

    @Test
    void callMailHasSendTimeSubjectTranscriptBodyAndAttachment() {
        Mail mail = composer.callMail(Summaries.twoTurns("CA0001"), "", sendTime);
        System.out.println("subject: " + mail.subject());
        System.out.println(mail.body());
        assertEquals("[callbridge] Call +15550001111 → +15550002222 — 2026-11-22 13:05:09 JST", mail.subject());
        assertEquals(MailSettings.DEFAULT_RECIPIENT, mail.to());
        assertEquals("20261122-130509.txt", mail.attachmentName());
        assertTrue(mail.body().contains("[+00:00:01.240 | 2026-11-22 13:00:01 JST] caller: Hi, I'd like to book a table.\n"));
        assertTrue(mail.body().contains("[+00:00:03.100 | 2026-11-22 13:00:03 JST] assistant (interrupted): Of course. For how many?\n"));
        assertEquals(mail.body(), mail.attachment(), "a short text is whole in both");
        assertEquals("CA0001", mail.headers().get("X-Callbridge-Call-Id"));
    }

    @Test
    void theBodyStopsAtTheLimitWithoutSplittingACharacterAndSaysWhereTheRestIs() {
        String text = "あ".repeat(4000); // 12 000 bytes in UTF-8
        Mail mail = composer.textMail("ops@example.org", "test", sendTime, text, Map.of());
        String kept = mail.body().substring(0, mail.body().indexOf("\n\n["));
        int keptBytes = kept.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("body kept %d bytes of %d (limit %d)%n", keptBytes, Utf8.length(text), MailSettings.DEFAULT_BODY_LIMIT_BYTES);
        assertEquals(10_239, keptBytes, "3413 whole 3-byte characters fit in 10 240 bytes");
        assertTrue(mail.body().contains("the whole text is in the attachment 20261122-130509.txt"));
        assertEquals(text, mail.attachment());
        assertEquals("ops@example.org", mail.to());
    }

    @Test
    void utf8CutsNeverSplitASurrogatePair() {
        String s = "ab😀c"; // 1 + 1 + 4 + 1 bytes
        assertEquals(7, Utf8.length(s));
        assertEquals("ab", Utf8.truncate(s, 5));
        assertEquals("ab😀", Utf8.truncate(s, 6));
        assertEquals(s, Utf8.truncate(s, 7));
    }

    @Test
    void summariesSurviveTheQueueEncoding() {
        var summary = Summaries.twoTurns("CA0002");
        assertEquals(summary, SummaryCodec.decode(SummaryCodec.encode(summary)));
    }
}
