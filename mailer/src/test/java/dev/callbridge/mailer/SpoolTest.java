package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.mail.MailSettings;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.queue.Spool;
import dev.callbridge.mailer.request.MailRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the spool's drain finds: whole entries; a corrupt file set aside; a file gone meanwhile, skipped quietly. */
class SpoolTest {
    private static Spool.Entry entry(String callSid) {
        return new Spool.Entry(MailRequest.call(Summaries.twoTurns(callSid), MailSettings.DEFAULT_ZONE, "",
                MailRequest.DEFAULT_QUEUE_CAP_BYTES, MailRequest.Summary.NOT_REQUESTED),
                new Origin("media-stream", callSid, "+15550001111", "+15550002222", "127.0.0.1", "test"));
    }

    @Test
    void aCorruptFileIsSetAsideAndAFileGoneSinceTheListingIsSkippedWithoutOne(@TempDir Path dir) throws Exception {
        var spool = new Spool(dir);
        spool.put(entry("CA0001"));
        Files.writeString(dir.resolve("CAcorrupt.json"), "{\"request\":");
        // Listed, but its file is gone when read: as when the sending thread removes an entry while the drain runs.
        Files.createSymbolicLink(dir.resolve("CAgone.json"), dir.resolve("already-sent-and-removed.json"));

        List<String> pending = spool.pending().stream().map(e -> e.origin().callId()).toList();
        List<String> setAside;
        try (Stream<Path> files = Files.list(dir)) {
            setAside = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bad")).sorted().toList();
        }
        System.out.println("pending:   expected [CA0001], actual " + pending);
        System.out.println("set aside: expected [CAcorrupt.json.bad], actual " + setAside);
        assertEquals(List.of("CA0001"), pending);
        assertEquals(List.of("CAcorrupt.json.bad"), setAside);
        assertTrue(Files.isSymbolicLink(dir.resolve("CAgone.json")), "the vanished entry is not moved aside");
    }

    @Test
    void entriesTheDrainSkipsAreNotEvenRead(@TempDir Path dir) throws Exception {
        var spool = new Spool(dir);
        spool.put(entry("CA0001"));
        spool.put(entry("CA0002"));
        Files.writeString(dir.resolve("CAinflight.json"), "not read, so not found corrupt");
        List<String> pending = spool.pending(id -> id.equals("CAinflight") || id.equals("CA0002:MZ0002")).stream()
                .map(e -> e.origin().callId()).toList();
        System.out.println("pending without the skipped: expected [CA0001], actual " + pending);
        assertEquals(List.of("CA0001"), pending);
        assertTrue(Files.exists(dir.resolve("CAinflight.json")), "a skipped file is left as it is");
    }
}
