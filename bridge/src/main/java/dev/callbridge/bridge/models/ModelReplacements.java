package dev.callbridge.bridge.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The replacement OpenAI names for a model it shuts down, where one is known ({@code model-replacements.properties},
 * from OpenAI's deprecations page and the notices listed in shared/MODELS.md). The API's model object carries only
 * the date, so this is what lets a start-up failure say what to use instead.
 */
public final class ModelReplacements {
    private static final String RESOURCE = "model-replacements.properties";
    private final Map<String, String> replacements;

    public ModelReplacements(Map<String, String> replacements) {
        this.replacements = Map.copyOf(replacements);
    }

    /** The table shipped in the jar. */
    public static ModelReplacements builtIn() {
        var p = new Properties();
        try (InputStream in = ModelReplacements.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var map = new HashMap<String, String>();
        p.forEach((k, v) -> map.put(k.toString().strip(), v.toString().strip()));
        return new ModelReplacements(map);
    }

    public Optional<String> of(String model) {
        return Optional.ofNullable(replacements.get(model));
    }
}
