package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwiML;
import dev.callbridge.simulator.twilio.TwilioCaller;
import dev.callbridge.wire.realtime.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Personas as a user meets them: a persona file given at start-up, a call answered by the persona of the number it
 * called (its instructions, voice and codec reach the OpenAI session; the mail names it), another asked for by
 * {@code ?persona=}, an unknown one refused at the webhook, a stream that claims another persona than its token
 * refused, and a bad file stopping start-up with its line and field.
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonaCallPathTest {
    /** The simulated caller's number ({@code simulator.twilio.TwilioSide.TO}). */
    private static final String CALLED = "+15550199000";
    private static final String FILE = """
            default: reception
            personas:
              - name: reception
                instructions: You answer the phone for Bistro Verde.
              - name: bikes
                numbers: ["%s"]
                instructions: You book bike repairs for Spoke & Chain.
                voice: cedar
                codec: pcmu
                max-call-length: 20m
                mail-to: ["bikes@example.com", "owner@example.com"]
                subject-prefix: "[Spoke & Chain]"
            """.formatted(CALLED);

    @Test
    void aCallIsAnsweredByThePersonaOfTheNumberItCalled(@TempDir Path work) throws Exception {
        Path personas = Files.writeString(work.resolve("personas.yaml"), FILE);
        try (var bridge = new BridgeHarness(work.resolve("bridge"), "--callbridge.personas.file=" + personas)) {
            String byNumber = persona(bridge.webhook("CApersona0000000000000000000000a", CALLED, "", true).body());
            String byQuery = persona(bridge.webhook("CApersona0000000000000000000000b", CALLED, "?persona=reception", true).body());
            String other = persona(bridge.webhook("CApersona0000000000000000000000c", "+15550000000", "", true).body());
            int unknown = bridge.webhook("CApersona0000000000000000000000d", CALLED, "?persona=nobody", true).statusCode();

            String sid = "CApersona00000000000000000000001";
            CallScript script = bridge.scripts.stream().filter(s -> s.name().equals("opening-hours")).findFirst().orElseThrow();
            CallResult call = new TwilioCaller(bridge.http, bridge.url, script, Duration.ofSeconds(5), sid, 1,
                    Optional.of(bridge.probe), Optional.of(bridge.signer)).call();
            SessionConfig session = bridge.fake.sessionConfig(sid).orElseThrow();
            MailReader.SummaryMail mail = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);

            String expected = "TwiML persona: by number bikes, by query reception, other number reception; "
                    + "?persona=nobody: HTTP 400; session: voice cedar, instructions 'You book bike repairs for Spoke & Chain.', "
                    + "audio audio/pcmu/audio/pcmu; call verified: true; mail: subject names (bikes) true, body 'Persona: bikes' true, "
                    + "to bikes@example.com, owner@example.com, subject [callbridge] [Spoke & Chain] Call";
            String actual = "TwiML persona: by number " + byNumber + ", by query " + byQuery + ", other number " + other
                    + "; ?persona=nobody: HTTP " + unknown + "; session: voice " + session.voice() + ", instructions '"
                    + session.instructions() + "', audio " + session.inputFormat().type() + "/" + session.outputFormat().type()
                    + "; call verified: " + call.problems().isEmpty() + "; mail: subject names (bikes) "
                    + (mail != null && mail.subject().contains("(bikes)")) + ", body 'Persona: bikes' "
                    + (mail != null && mail.body().contains("Persona: bikes")) + ", to " + header(mail, "To")
                    + ", subject " + (mail == null ? "-" : mail.subject().substring(0, Math.min(mail.subject().length(), 33)));
            System.out.printf("personas:%n  expected %s%n  actual   %s%n", expected, actual);
            assertEquals(expected, actual, call.problems().toString());
        }
    }

    @Test
    void aBadPersonaFileStopsStartUpNamingTheLineAndTheField(@TempDir Path work, CapturedOutput output) throws Exception {
        Path personas = Files.writeString(work.resolve("personas.yaml"), FILE.replace("codec: pcmu", "codec: opus"));
        String failure;
        try (var bridge = new BridgeHarness(work.resolve("bridge"), "--callbridge.personas.file=" + personas)) {
            failure = "started";
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            failure = root.getMessage();
        }
        String expected = personas + ":9: personas.bikes.codec: pcmu or pcm16, not 'opus'";
        System.out.printf("bad persona file:%n  expected %s%n  actual   %s%n", expected, failure);
        assertEquals(expected, failure);
        assertTrue(output.getAll().contains("APPLICATION FAILED TO START"), "Spring's failure report");
    }

    /** A header of the mail as written to the outbox. */
    private static String header(MailReader.SummaryMail mail, String name) throws java.io.IOException {
        if (mail == null) {
            return "-";
        }
        return Files.readAllLines(mail.file()).stream().filter(l -> l.startsWith(name + ": ")).findFirst()
                .map(l -> l.substring(name.length() + 2)).orElse("(none)");
    }

    private static String persona(String twiml) throws Exception {
        return TwiML.parse(twiml).parameters().getOrDefault("persona", "(none)");
    }
}
