package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.mailer.cli.MailCli;
import dev.callbridge.simulator.soak.MailReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code POST /mail} on a running bridge: refused without the token, queued and mailed with it. */
class MailEndpointTest {
    private static final String TOKEN = "mail-endpoint-token-0123456789";

    @Test
    void aPostWithTheTokenIsQueuedAndMailedAndOneWithoutIsRefused(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.mail.endpoint-token=" + TOKEN)) {
            var noToken = post(bridge, "", "{\"text\":\"hello\"}");
            var wrongToken = post(bridge, "Bearer not-the-token-at-all", "{\"text\":\"hello\"}");
            var empty = post(bridge, "Bearer " + TOKEN, "{}");
            var ok = post(bridge, "Bearer " + TOKEN, "{\"text\":\"Deployment check from the test.\\n\",\"recipient\":\"ops@example.org\"}");
            System.out.printf("statuses: expected 401 401 400 202, actual %d %d %d %d; %s%n", noToken.statusCode(),
                    wrongToken.statusCode(), empty.statusCode(), ok.statusCode(), ok.body());
            assertEquals(401, noToken.statusCode());
            assertEquals(401, wrongToken.statusCode());
            assertEquals(400, empty.statusCode());
            assertEquals(202, ok.statusCode());

            String id = new ObjectMapper().readTree(ok.body()).path("id").asText();
            MailReader.SummaryMail mail = bridge.mails(List.of(id), Duration.ofSeconds(20)).get(id);
            assertNotNull(mail, "a mail whose X-Callbridge-Id is the id answered");
            System.out.println("mail: " + mail.subject() + " / " + mail.attachmentName());
            assertTrue(mail.subject().startsWith("[callbridge] Mail endpoint (bridge test) — "), mail.subject());
            assertTrue(mail.subject().endsWith(" JST"));
            assertEquals("Deployment check from the test.\n", mail.attachment());
        }
    }

    @Test
    void theMailerCommandChecksARunningBridgeThroughTheEndpoint(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work, "--callbridge.mail.endpoint-token=" + TOKEN)) {
            var wrong = mailer("send-bridge-email", "--bridge-url", bridge.url.toString(), "--token", "not-the-token-at-all");
            var nobody = mailer("send-bridge-email", "--bridge-url", "http://127.0.0.1:" + BridgeHarness.freeLoopbackPort(), "--token", TOKEN);
            System.out.printf("nobody listening: expected exit 1 and a one-line reason, actual %d %s", nobody.code(), nobody.err());
            assertEquals(1, nobody.code());
            assertTrue(nobody.err().startsWith("POST http://127.0.0.1:") && nobody.err().contains("no answer (")
                    && nobody.err().lines().count() == 1, nobody.err());
            var ok = mailer("send-bridge-email", "--bridge-url", bridge.url + "/", "--token", TOKEN,
                    "--text", "Deployment check by the mailer command.\n", "--recipient", "ops@example.org");
            System.out.printf("exit codes: expected 1 0, actual %d %d; %s%s", wrong.code(), ok.code(), wrong.err(), ok.out());
            assertEquals(1, wrong.code());
            assertTrue(wrong.err().contains("HTTP 401"), wrong.err());
            assertEquals(0, ok.code(), ok.err());

            Matcher queued = Pattern.compile("queued by the bridge as (\\S+) ").matcher(ok.out());
            assertTrue(queued.find(), ok.out());
            MailReader.SummaryMail mail = bridge.mails(List.of(queued.group(1)), Duration.ofSeconds(20)).get(queued.group(1));
            assertNotNull(mail, "the mail of the id the command printed");
            System.out.println("mail: " + mail.subject() + " / " + mail.attachmentName());
            assertTrue(mail.subject().startsWith("[callbridge] Mail endpoint (bridge test) — "), mail.subject());
            assertEquals("Deployment check by the mailer command.\n", mail.attachment());
            String to = Pattern.compile("(?m)^To: (.*?)\r?$").matcher(Files.readString(mail.file())).results()
                    .map(m -> m.group(1)).findFirst().orElse("");
            System.out.println("recipient: expected ops@example.org, actual " + to);
            assertEquals("ops@example.org", to);
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run mailer(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new MailCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theEndpointIsOffWithoutAToken(@TempDir Path work) throws Exception {
        try (var bridge = new BridgeHarness(work)) {
            var r = post(bridge, "Bearer anything-at-all-here", "{\"text\":\"hello\"}");
            System.out.println("without a configured token: expected 404, actual " + r.statusCode());
            assertEquals(404, r.statusCode());
        }
    }

    private static HttpResponse<String> post(BridgeHarness bridge, String authorization, String json) throws Exception {
        var b = HttpRequest.newBuilder(bridge.url.resolve("/mail")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        return bridge.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
