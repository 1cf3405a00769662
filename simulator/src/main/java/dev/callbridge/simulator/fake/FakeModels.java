package dev.callbridge.simulator.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in's model catalog: {@code GET /v1/models/{id}} answered in the shape of the OpenAPI {@code Model}
 * schema ({@code id}, {@code object: "model"}, {@code created}, {@code owned_by}, {@code shutdown_date} as
 * {@code YYYY-MM-DD} or {@code null}), or 404 {@code model_not_found} for an id it does not know. Starts from
 * {@code fake-models.properties}; tests retire, add and remove models while it runs. Thread-safe.
 */
public final class FakeModels {
    private static final String RESOURCE = "fake-models.properties";
    private static final long CREATED = 1_767_225_600L; // 2026-01-01, a fixed, plausible creation time

    /** The shutdown date of each known id; empty: none announced. */
    private final Map<String, Optional<LocalDate>> shutdownDates = new ConcurrentHashMap<>();
    private final AtomicLong lookups = new AtomicLong();

    FakeModels() {
        var p = new Properties();
        try (InputStream in = FakeModels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.forEach((id, date) -> put(id.toString(), date.toString()));
    }

    /** Sets {@code id}'s shutdown date ({@code YYYY-MM-DD}) or {@code none}. */
    public void put(String id, String date) {
        shutdownDates.put(id.strip(), date.strip().equals("none") ? Optional.empty() : Optional.of(LocalDate.parse(date.strip())));
    }

    /** The service no longer knows {@code id}. */
    public void remove(String id) {
        shutdownDates.remove(id);
    }

    /** How many lookups were answered (known or not). */
    public long lookups() {
        return lookups.get();
    }

    /** The JSON body for {@code id}, or empty for a 404. */
    Optional<String> lookup(String id) {
        lookups.incrementAndGet();
        Optional<LocalDate> date = shutdownDates.get(id);
        if (date == null) {
            return Optional.empty();
        }
        ObjectNode m = Json.object().put("id", id).put("object", "model").put("created", CREATED)
                .put("owned_by", "system");
        date.ifPresentOrElse(d -> m.put("shutdown_date", d.toString()), () -> m.putNull("shutdown_date"));
        return Optional.of(Json.write(m));
    }

    /** The service's 404 body for an unknown model. */
    static String notFound(String id) {
        ObjectNode body = Json.object();
        body.putObject("error").put("message", "The model '" + id + "' does not exist or you do not have access to it.")
                .put("type", "invalid_request_error").put("param", "model").put("code", "model_not_found");
        return Json.write(body);
    }
}
