package dev.callbridge.bridge.persona;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The personas a bridge answers as, and which one takes a call: the one the webhook asks for by name
 * ({@code ?persona=}), else the one that lists the called number, else the default.
 */
public final class Personas {
    private final Map<String, Persona> byName = new LinkedHashMap<>();
    private final Map<String, Persona> byNumber = new LinkedHashMap<>();
    private final Persona fallback;

    /** @param fallback the persona for numbers no persona lists; one of {@code personas} */
    public Personas(List<Persona> personas, String fallback) {
        for (Persona p : personas) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two personas are named '" + p.name() + "'");
            }
            for (String number : p.numbers()) {
                Persona other = byNumber.putIfAbsent(number, p);
                if (other != null) {
                    throw new IllegalArgumentException("number " + number + " is listed by personas '" + other.name()
                            + "' and '" + p.name() + "'");
                }
            }
        }
        this.fallback = byName.get(fallback);
        if (this.fallback == null) {
            throw new IllegalArgumentException("the default persona '" + fallback + "' is not defined (personas: "
                    + byName.keySet() + ")");
        }
    }

    /** One persona for every call. */
    public static Personas of(Persona only) {
        return new Personas(List.of(only), only.name());
    }

    /** The persona for a call to {@code to}, unless {@code requested} names one; empty if that one is unknown. */
    public Optional<Persona> choose(Optional<String> requested, String to) {
        if (requested.isPresent() && !requested.get().isBlank()) {
            return find(requested.get());
        }
        return Optional.of(byNumber.getOrDefault(to, fallback));
    }

    public Optional<Persona> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Persona> all() {
        return List.copyOf(byName.values());
    }

    public Persona fallback() {
        return fallback;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
