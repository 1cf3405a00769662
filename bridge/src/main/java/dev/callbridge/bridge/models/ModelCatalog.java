package dev.callbridge.bridge.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET {baseUrl}/models/{id}} (OpenAPI {@code Model}: {@code shutdown_date} is {@code YYYY-MM-DD}, {@code null}
 * or absent). Every outcome is a {@link ModelLookup}; nothing throws. Blocking: call it off the event loops.
 */
public final class ModelCatalog {
    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration timeout;

    public ModelCatalog(HttpClient http, URI baseUrl, String apiKey, Duration timeout) {
        this.http = http;
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    public ModelLookup lookup(String model) {
        URI uri = baseUrl.resolve("models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20"));
        var request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new ModelLookup.Unreachable(uri.getHost() + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ModelLookup.Unreachable("interrupted");
        }
        return switch (response.statusCode()) {
            case 200 -> read(response.body());
            case 404 -> new ModelLookup.NotFound();
            default -> new ModelLookup.Unreachable("HTTP " + response.statusCode() + " from " + uri);
        };
    }

    private static ModelLookup read(String body) {
        try {
            JsonNode date = Json.parseObject(body).path("shutdown_date");
            if (date.isMissingNode() || date.isNull()) {
                return new ModelLookup.Found(Optional.empty());
            }
            return new ModelLookup.Found(Optional.of(LocalDate.parse(date.asText())));
        } catch (RuntimeException e) {
            if (e instanceof DateTimeParseException || e instanceof dev.callbridge.wire.WireFormatException) {
                return new ModelLookup.Unreachable("unreadable answer: " + e.getMessage());
            }
            throw e;
        }
    }
}
