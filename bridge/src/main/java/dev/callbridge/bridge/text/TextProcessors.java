package dev.callbridge.bridge.text;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registered {@link TextProcessor}s by name, and how a call picks one: its own {@code processor} parameter,
 * else its number's, else the default. Names are checked at start-up, so a typo in the settings stops the bridge.
 */
public final class TextProcessors {
    private final Map<String, TextProcessor> byName;
    private final String defaultName;
    private final Map<String, Optional<String>> numbers;

    /**
     * @param numbers the text-mode numbers and the processor each names (empty for the default)
     * @throws IllegalArgumentException when two processors share a name or a setting names an unknown one
     */
    public TextProcessors(Collection<TextProcessor> processors, String defaultName, Map<String, Optional<String>> numbers) {
        this.byName = processors.stream().collect(Collectors.toMap(TextProcessor::name, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("two text processors are named '" + a.name() + "'");
        }, TreeMap::new));
        this.defaultName = defaultName;
        this.numbers = Map.copyOf(numbers);
        require(defaultName, "callbridge.text.processor");
        numbers.forEach((number, name) -> name.ifPresent(n -> require(n, "callbridge.text.numbers (" + number + ")")));
    }

    private void require(String name, String setting) {
        if (!byName.containsKey(name)) {
            throw new IllegalArgumentException(setting + " names text processor '" + name + "'; known: " + byName.keySet());
        }
    }

    /** Whether calls to {@code number} are text calls. */
    public boolean textNumber(String number) {
        return numbers.containsKey(number);
    }

    /** The processor's name for a call to {@code to}, given a per-call choice (blank for none). */
    public String choose(String perCall, String to) {
        if (perCall != null && !perCall.isBlank()) {
            return perCall.strip();
        }
        return numbers.getOrDefault(to, Optional.empty()).orElse(defaultName);
    }

    public Optional<TextProcessor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<String> names() {
        return byName.keySet();
    }
}
