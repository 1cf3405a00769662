package dev.callbridge.mailer.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON ⇄ {@link MailRequest}: the message body on the summary queue and in the bridge's spool. */
public final class MailRequestCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private MailRequestCodec() {}

    public static String encode(MailRequest request) {
        try {
            return MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a mail request", e);
        }
    }

    /** Reads a request; a body that is not one throws {@link IllegalArgumentException} with the reason. */
    public static MailRequest decode(String json) {
        try {
            return MAPPER.readValue(json, MailRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a mail request: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a mail request: " + e.getMessage(), e);
        }
    }
}
