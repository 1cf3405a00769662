package dev.callbridge.bridge.persona;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who answers a phone number: the assistant's instructions, voice, model and language, the audio codec on the OpenAI
 * leg, and the call's own limits. Read from the persona file ({@code callbridge.personas.file}), or built from the
 * bridge's settings when there is none.
 *
 * @param numbers the called numbers ({@code To}, E.164) this persona answers
 * @param codec {@code pcmu} or {@code pcm16}; empty: the bridge's {@code callbridge.audio.codec}
 * @param maxCallLength empty: the bridge's {@code callbridge.calls.max-length}
 * @param recording empty: the bridge's {@code callbridge.recording.enabled}
 * @param mailTo who gets this persona's call summaries; empty: the bridge's {@code callbridge.mail.recipient}
 * @param subjectPrefix put before what a summary's subject says the call is, e.g. {@code [Spoke & Chain]}
 */
public record Persona(String name, List<String> numbers, String instructions, String voice, String model,
                      String language, Optional<String> codec, Optional<Duration> maxCallLength,
                      Optional<Boolean> recording, List<String> mailTo, String subjectPrefix) {
    public Persona {
        Objects.requireNonNull(name);
        numbers = List.copyOf(numbers);
        Objects.requireNonNull(instructions);
        Objects.requireNonNull(voice);
        Objects.requireNonNull(model);
        Objects.requireNonNull(language);
        Objects.requireNonNull(codec);
        Objects.requireNonNull(maxCallLength);
        Objects.requireNonNull(recording);
        mailTo = List.copyOf(mailTo);
        Objects.requireNonNull(subjectPrefix);
    }

    /** A persona of the bridge's own settings: no numbers, its mail to the bridge's recipient, no subject prefix. */
    public Persona(String name, String instructions, String voice, String model, String language, Optional<String> codec,
                   Optional<Duration> maxCallLength, Optional<Boolean> recording) {
        this(name, List.of(), instructions, voice, model, language, codec, maxCallLength, recording, List.of(), "");
    }
}
