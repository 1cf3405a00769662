package dev.callbridge.bridge.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The persona file: what it defines, which persona takes a call, and how each mistake is named. */
class PersonaFileTest {
    private static final Persona DEFAULTS = new Persona("bridge", "You are a helpful assistant.", "marin",
            "gpt-realtime-2.1", "en", Optional.empty(), Optional.empty(), Optional.empty());
    static final String EXAMPLE = """
            default: reception
            personas:
              - name: reception
                numbers: ["+15550100", "+15550101"]
                instructions: |
                  You answer the phone for Bistro Verde.
              - name: bikes
                numbers: ["+15550199"]
                instructions: You book bike repairs.
                voice: cedar
                codec: pcmu
                max-call-length: 20m
                recording: true
                mail-to: workshop@example.com
                subject-prefix: "[Spoke & Chain]"
            """;

    @Test
    void personasAreReadWithTheBridgesSettingsForWhatTheyLeaveOut() {
        Personas p = PersonaFile.parse("personas.yaml", EXAMPLE, DEFAULTS);
        Persona bikes = p.find("bikes").orElseThrow();
        Persona reception = p.find("reception").orElseThrow();
        String expected = "[reception, bikes]; reception: marin gpt-realtime-2.1 en codec - length - recording -; "
                + "bikes: cedar codec pcmu length PT20M recording true mail [workshop@example.com] prefix [Spoke & Chain]";
        String actual = p.names() + "; reception: " + reception.voice() + " " + reception.model() + " "
                + reception.language() + " codec " + reception.codec().orElse("-") + " length "
                + reception.maxCallLength().map(Duration::toString).orElse("-") + " recording "
                + reception.recording().map(String::valueOf).orElse("-") + "; bikes: " + bikes.voice() + " codec "
                + bikes.codec().orElse("-") + " length " + bikes.maxCallLength().map(Duration::toString).orElse("-")
                + " recording " + bikes.recording().map(String::valueOf).orElse("-") + " mail " + bikes.mailTo()
                + " prefix " + bikes.subjectPrefix();
        System.out.printf("personas:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    /** The example the README shows and the repository ships is a valid file. */
    @Test
    void theShippedExampleIsValid() throws java.io.IOException {
        Personas p = PersonaFile.load(java.nio.file.Path.of("../data/personas.example.yaml"), DEFAULTS);
        String expected = "[reception, bikes], default reception, +15550198 → bikes";
        String actual = p.names() + ", default " + p.fallback().name() + ", +15550198 → "
                + name(p.choose(Optional.empty(), "+15550198"));
        System.out.printf("the example file:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void aCallGoesToTheRequestedPersonaElseItsNumbersElseTheDefault() {
        Personas p = PersonaFile.parse("personas.yaml", EXAMPLE, DEFAULTS);
        String expected = "+15550199 → bikes; +15550100 → reception; +15559999 → reception; ?persona=bikes to +15550100 "
                + "→ bikes; ?persona=nobody → none";
        String actual = "+15550199 → " + name(p.choose(Optional.empty(), "+15550199")) + "; +15550100 → "
                + name(p.choose(Optional.empty(), "+15550100")) + "; +15559999 → " + name(p.choose(Optional.empty(), "+15559999"))
                + "; ?persona=bikes to +15550100 → " + name(p.choose(Optional.of("bikes"), "+15550100"))
                + "; ?persona=nobody → " + name(p.choose(Optional.of("nobody"), "+15550100"));
        System.out.printf("choice:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void eachMistakeIsRefusedWithTheFileTheLineAndTheField() {
        List<String> expected = List.of(
                "personas.yaml:5: personas.a.voise: unknown field (known: [codec, instructions, language, mail-to, max-call-length, model, name, numbers, recording, subject-prefix, voice])",
                "personas.yaml:5: personas.a.codec: pcmu or pcm16, not 'opus'",
                "personas.yaml:4: personas.a.numbers: a number in E.164 form (+ and up to 15 digits), not '5550100'",
                "personas.yaml:5: personas.a.max-call-length: a positive length such as 90s, 30m or 2h, not '30 minutes'",
                "personas.yaml:1: the default persona 'b' is not defined (personas: [a])",
                "personas.yaml:6: personas.c.numbers: a number no other persona lists (persona 'a' lists +15550100)",
                "personas.yaml:3: personas[0].name: required",
                "personas.yaml:3: personas.a.voice: given once, not twice",
                "personas.yaml:4: personas.a.name: a name no other persona has ('a' is defined above)",
                "personas.yaml:4: personas.a.mail-to: a mail address (or a list of them), not 'owner at example.com'");
        List<String> files = List.of(
                "default: a\npersonas:\n  - name: a\n    numbers: [\"+15550100\"]\n    voise: cedar\n",
                "default: a\npersonas:\n  - name: a\n    numbers: [\"+15550100\"]\n    codec: opus\n",
                "default: a\npersonas:\n  - name: a\n    numbers: [\"5550100\"]\n",
                "default: a\npersonas:\n  - name: a\n    numbers: []\n    max-call-length: 30 minutes\n",
                "default: b\npersonas:\n  - name: a\n",
                "default: a\npersonas:\n  - name: a\n    numbers: [\"+15550100\"]\n  - name: c\n    numbers: [\"+15550100\"]\n",
                "default: a\npersonas:\n  - voice: cedar\n",
                "default: a\npersonas:\n  - {name: a, voice: x, voice: y}\n",
                "default: a\npersonas:\n  - name: a\n  - name: a\n",
                "default: a\npersonas:\n  - name: a\n    mail-to: [ok@example.com, owner at example.com]\n");
        List<String> actual = new ArrayList<>();
        for (String f : files) {
            try {
                PersonaFile.parse("personas.yaml", f, DEFAULTS);
                actual.add("accepted");
            } catch (PersonaFile.Invalid e) {
                actual.add(e.getMessage());
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            System.out.printf("mistake %d:%n  expected %s%n  actual   %s%n", i, expected.get(i), actual.get(i));
        }
        assertEquals(expected, actual);
    }

    private static String name(Optional<Persona> p) {
        return p.map(Persona::name).orElse("none");
    }
}
