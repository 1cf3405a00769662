package dev.callbridge.bridge.persona;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the persona file ({@code callbridge.personas.file}, YAML):
 *
 * <pre>
 * default: reception                 # the persona for numbers no persona lists
 * personas:
 *   - name: reception
 *     numbers: ["+15550100"]
 *     instructions: |
 *       You answer the phone for Bistro Verde …
 *     voice: marin                     # optional: the bridge's callbridge.realtime.voice
 *     model: gpt-realtime-2.1          # optional: callbridge.realtime.model
 *     language: en                     # optional: callbridge.realtime.language
 *     codec: pcmu                      # optional: callbridge.audio.codec
 *     max-call-length: 30m             # optional: callbridge.calls.max-length
 *     recording: false                 # optional: callbridge.recording.enabled
 *     mail-to: [owner@example.com]     # optional: callbridge.mail.recipient
 *     subject-prefix: "[Bistro Verde]" # optional: before the subject's "Call … → …"
 * </pre>
 *
 * Every problem is refused at start-up with the file, the line and the field: an unknown field (a typo must not be
 * silently ignored), a missing or mistyped one, a duplicate name or number, a default that is not defined.
 */
public final class PersonaFile {
    private static final Set<String> FIELDS = Set.of("name", "numbers", "instructions", "voice", "model", "language",
            "codec", "max-call-length", "recording", "mail-to", "subject-prefix");
    /** Loose on purpose (the mail service has the last word): one @, something either side, no spaces or commas. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,]+@[^@\\s,]+");
    private static final Set<String> CODECS = Set.of("pcmu", "pcm16");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    /** A problem in the file, naming it, the line and the field. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final String file;
    /** Names and numbers already defined, with where, so that a second definition is refused at its line. */
    private final Set<String> names = new java.util.LinkedHashSet<>();
    private final Map<String, String> numbers = new LinkedHashMap<>();

    private PersonaFile(String file) {
        this.file = file;
    }

    /**
     * @param defaults fills the optional fields a persona leaves out (the bridge's own settings); its name and
     *                 numbers are not used
     */
    public static Personas load(Path path, Persona defaults) throws IOException {
        try (Reader reader = Files.newBufferedReader(path)) {
            return new PersonaFile(path.toString()).parse(reader, defaults);
        }
    }

    /** The same, from text (tests, and the example in the README). */
    public static Personas parse(String name, String yaml, Persona defaults) {
        return new PersonaFile(name).parse(new java.io.StringReader(yaml), defaults);
    }

    private Personas parse(Reader reader, Persona defaults) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new Invalid(file + ":" + (e.getProblemMark().getLine() + 1) + ": not YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new Invalid(file + ": not YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new Invalid(file + ": empty; it needs 'default' and 'personas'");
        }
        Map<String, Node> top = mapping(root, "the file", Set.of("default", "personas"));
        Node list = required(top, "personas", root, "the file");
        if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw invalid(list, "personas", "a list of at least one persona");
        }
        List<Persona> personas = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            personas.add(persona(sequence.getValue().get(i), "personas[" + i + "]", defaults));
        }
        Node fallback = required(top, "default", root, "the file");
        String fallbackName = scalar(fallback, "default");
        if (!names.contains(fallbackName)) {
            throw new Invalid(file + ":" + line(fallback) + ": the default persona '" + fallbackName
                    + "' is not defined (personas: " + names + ")");
        }
        return new Personas(personas, fallbackName); // what it checks, the file was checked for above, with lines
    }

    private Persona persona(Node node, String where, Persona defaults) {
        // Its name first, so that every later problem names the persona rather than its index.
        String at = nameOf(node).filter(n -> NAME.matcher(n).matches()).map(n -> "personas." + n).orElse(where);
        Map<String, Node> f = mapping(node, at, FIELDS);
        String name = scalar(required(f, "name", node, where), where + ".name");
        if (!NAME.matcher(name).matches()) {
            throw invalid(f.get("name"), where + ".name", "letters, digits, '-' and '_' (at most 64), not '" + name + "'");
        }
        if (!names.add(name)) {
            throw invalid(f.get("name"), at + ".name", "a name no other persona has ('" + name + "' is defined above)");
        }
        List<String> numbers = new ArrayList<>();
        if (f.containsKey("numbers")) {
            if (!(f.get("numbers") instanceof SequenceNode seq)) {
                throw invalid(f.get("numbers"), at + ".numbers", "a list of numbers in E.164 form, e.g. [\"+15550100\"]");
            }
            for (Node n : seq.getValue()) {
                String number = scalar(n, at + ".numbers");
                if (!E164.matcher(number).matches()) {
                    throw invalid(n, at + ".numbers", "a number in E.164 form (+ and up to 15 digits), not '" + number + "'");
                }
                String owner = this.numbers.putIfAbsent(number, name);
                if (owner != null) {
                    throw invalid(n, at + ".numbers", "a number no other persona lists (persona '" + owner + "' lists "
                            + number + ")");
                }
                numbers.add(number);
            }
        }
        String instructions = optionalScalar(f, "instructions", at).orElse(defaults.instructions());
        if (instructions.isBlank()) {
            throw invalid(f.getOrDefault("instructions", node), at + ".instructions", "the assistant's instructions");
        }
        Optional<String> codec = optionalScalar(f, "codec", at);
        if (codec.isPresent() && !CODECS.contains(codec.get())) {
            throw invalid(f.get("codec"), at + ".codec", "pcmu or pcm16, not '" + codec.get() + "'");
        }
        Optional<Duration> maxLength = optionalScalar(f, "max-call-length", at).map(v -> duration(f.get("max-call-length"),
                at + ".max-call-length", v));
        Optional<Boolean> recording = optionalScalar(f, "recording", at).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(f.get("recording"), at + ".recording", "true or false, not '" + v + "'");
        });
        List<String> mailTo = new ArrayList<>();
        if (f.containsKey("mail-to")) {
            Node to = f.get("mail-to");
            List<Node> addresses = to instanceof SequenceNode seq ? seq.getValue() : List.of(to);
            for (Node n : addresses) {
                String address = scalar(n, at + ".mail-to");
                if (!ADDRESS.matcher(address).matches()) {
                    throw invalid(n, at + ".mail-to", "a mail address (or a list of them), not '" + address + "'");
                }
                mailTo.add(address);
            }
        }
        return new Persona(name, numbers, instructions, optionalScalar(f, "voice", at).orElse(defaults.voice()),
                optionalScalar(f, "model", at).orElse(defaults.model()),
                optionalScalar(f, "language", at).orElse(defaults.language()), codec.or(defaults::codec),
                maxLength.or(defaults::maxCallLength), recording.or(defaults::recording), mailTo,
                optionalScalar(f, "subject-prefix", at).orElse(""));
    }

    private Duration duration(Node node, String field, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw invalid(node, field, "a positive length such as 90s, 30m or 2h, not '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private Map<String, Node> mapping(Node node, String where, Set<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            throw invalid(node, where, "a mapping of fields");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = scalar(t.getKeyNode(), where);
            if (!known.contains(key)) {
                throw invalid(t.getKeyNode(), where + "." + key, "unknown field (known: " + known.stream().sorted().toList() + ")");
            }
            if (fields.put(key, t.getValueNode()) != null) {
                throw invalid(t.getKeyNode(), where + "." + key, "given once, not twice");
            }
        }
        return fields;
    }

    /** A persona mapping's {@code name}, before its fields are checked. */
    private static Optional<String> nameOf(Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                        && t.getValueNode() instanceof ScalarNode v) {
                    return Optional.of(v.getValue().strip());
                }
            }
        }
        return Optional.empty();
    }

    private Node required(Map<String, Node> fields, String key, Node parent, String where) {
        Node n = fields.get(key);
        if (n == null) {
            throw invalid(parent, where.equals("the file") ? key : where + "." + key, "required");
        }
        return n;
    }

    private Optional<String> optionalScalar(Map<String, Node> fields, String key, String where) {
        Node n = fields.get(key);
        return n == null ? Optional.empty() : Optional.of(scalar(n, where + "." + key));
    }

    private String scalar(Node node, String field) {
        if (!(node instanceof ScalarNode s)) {
            throw invalid(node, field, "a single value");
        }
        return s.getValue().strip();
    }

    private Invalid invalid(Node node, String field, String expected) {
        return new Invalid(file + ":" + line(node) + ": " + field + ": " + expected);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
