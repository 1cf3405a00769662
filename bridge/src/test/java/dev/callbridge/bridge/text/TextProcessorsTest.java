package dev.callbridge.bridge.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextProcessorsTest {
    private final List<TextProcessor> processors = List.of(new ShoutingProcessor(), named("echo"), named("realtime-text"));

    @Test
    void aCallsOwnChoiceWinsThenItsNumbersThenTheDefault() {
        var registry = new TextProcessors(processors, "echo", Map.of("+1555", Optional.of("realtime-text"),
                "+1666", Optional.empty()));
        assertEquals("shout", registry.choose("shout", "+1555"));
        assertEquals("realtime-text", registry.choose("", "+1555"));
        assertEquals("echo", registry.choose(null, "+1666"));
        assertEquals("echo", registry.choose(" ", "+1777"));
        assertTrue(registry.textNumber("+1666"));
        assertFalse(registry.textNumber("+1777"));
    }

    @Test
    void aSettingNamingAnUnknownProcessorStopsStartUpWithTheKnownNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TextProcessors(processors, "ecco", Map.of()));
        System.out.println(e.getMessage());
        assertEquals("callbridge.text.processor names text processor 'ecco'; known: [echo, realtime-text, shout]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TextProcessors(processors, "echo", Map.of("+1555", Optional.of("nonesuch"))));
        assertThrows(IllegalArgumentException.class,
                () -> new TextProcessors(List.of(named("echo"), named("echo")), "echo", Map.of()));
    }

    private static TextProcessor named(String name) {
        return new TextProcessor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Conversation open(Call call, Replies replies) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
