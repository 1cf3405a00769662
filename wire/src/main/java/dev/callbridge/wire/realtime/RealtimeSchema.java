package dev.callbridge.wire.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.callbridge.wire.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates Realtime events against the official schemas ({@code spec/openai-realtime-events.schema.json}, from
 * the OpenAI OpenAPI spec). The unions are {@code anyOf}, so the branch is picked by {@code type}. Needs
 * com.networknt:json-schema-validator on the class path (an optional dependency of this module).
 */
public final class RealtimeSchema {
    private static final String RESOURCE = "spec/openai-realtime-events.schema.json";

    private final Map<String, JsonSchema> serverByType;
    private final Map<String, JsonSchema> clientByType;

    private RealtimeSchema(Map<String, JsonSchema> serverByType, Map<String, JsonSchema> clientByType) {
        this.serverByType = Map.copyOf(serverByType);
        this.clientByType = Map.copyOf(clientByType);
    }

    public static RealtimeSchema load() {
        JsonNode root;
        try (InputStream in = RealtimeSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return new RealtimeSchema(branches(factory, root, "RealtimeServerEvent"),
                branches(factory, root, "RealtimeClientEvent"));
    }

    private static Map<String, JsonSchema> branches(JsonSchemaFactory factory, JsonNode root, String union) {
        Map<String, JsonSchema> byType = new HashMap<>();
        for (JsonNode branch : root.path("$defs").path(union).path("anyOf")) {
            String name = branch.path("$ref").asText().substring("#/$defs/".length());
            JsonNode typeNode = root.path("$defs").path(name).path("properties").path("type");
            String type = typeNode.has("const") ? typeNode.path("const").asText() : typeNode.path("enum").path(0).asText();
            byType.put(type, factory.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#/$defs/" + name)));
        }
        return byType;
    }

    /** Problems found in a server event; empty when it is valid. An unknown type is a problem. */
    public List<String> validateServer(String json) {
        return validate(serverByType, json);
    }

    /** Problems found in a client event; empty when it is valid. An unknown type is a problem. */
    public List<String> validateClient(String json) {
        return validate(clientByType, json);
    }

    private static List<String> validate(Map<String, JsonSchema> byType, String json) {
        JsonNode node = Json.parseObject(json);
        String type = node.path("type").asText();
        JsonSchema schema = byType.get(type);
        if (schema == null) {
            return List.of("no schema for event type '" + type + "'");
        }
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
