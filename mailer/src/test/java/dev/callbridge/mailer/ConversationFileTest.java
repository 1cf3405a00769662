package dev.callbridge.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.cli.ConversationGenerator;
import dev.callbridge.mailer.cli.MailCli.ConversationFile;
import dev.callbridge.mailer.mail.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code data/client-server-conversation.txt} is exactly what the committed generator writes. */
class ConversationFileTest {
    @Test
    void theCommittedFileIsTheGeneratorsOutputAlternatingClientAndServer() throws Exception {
        Path file = Path.of("..", "data", "client-server-conversation.txt");
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        String fresh = ConversationGenerator.generate(ConversationFile.SEED, ConversationFile.MAX_BYTES);
        System.out.printf("committed %,d bytes, regenerated %,d bytes%n", Utf8.length(committed), Utf8.length(fresh));
        assertEquals(fresh, committed, "regenerate with: java -jar mailer/target/mailer.jar generate-conversation");
        assertTrue(Utf8.length(committed) > 200 * 1024 - 200 && Utf8.length(committed) <= 200 * 1024, "about 200 KB");
        List<String> lines = committed.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(i % 2 == 0 ? "client: " : "server: "), "line " + (i + 1));
        }
    }
}
