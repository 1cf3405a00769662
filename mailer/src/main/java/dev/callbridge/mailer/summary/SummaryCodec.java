package dev.callbridge.mailer.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON ⇄ {@link CallSummary}: the message body on the summary queue. */
public final class SummaryCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SummaryCodec() {}

    public static String encode(CallSummary summary) {
        try {
            return MAPPER.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a call summary", e);
        }
    }

    /** Reads a summary; a body that is not one throws {@link IllegalArgumentException} with the reason. */
    public static CallSummary decode(String json) {
        try {
            return MAPPER.readValue(json, CallSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a call summary: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a call summary: " + e.getMessage(), e);
        }
    }
}
