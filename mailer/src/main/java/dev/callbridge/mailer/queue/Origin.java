package dev.callbridge.mailer.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a queued mail request came from, sent as SQS message attributes so that the producer and the consumer can
 * both log it.
 *
 * @param source the producing endpoint, e.g. {@code media-stream}
 * @param remoteAddress the peer that caused the request (Twilio's address for a call)
 * @param instance which bridge process produced it
 */
public record Origin(String source, String callId, String from, String to, String remoteAddress, String instance) {
    public static final String ATTR_SOURCE = "cb-source";
    public static final String ATTR_CALL_ID = "cb-call-sid";
    public static final String ATTR_FROM = "cb-from";
    public static final String ATTR_TO = "cb-to";
    public static final String ATTR_REMOTE = "cb-remote-address";
    public static final String ATTR_INSTANCE = "cb-bridge-instance";
    public static final String ATTR_SCHEMA = "cb-schema-version";

    public Origin {
        Objects.requireNonNull(source);
        Objects.requireNonNull(callId);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(remoteAddress);
        Objects.requireNonNull(instance);
    }

    /** The attributes, without blank values (SQS refuses empty strings). */
    public Map<String, String> attributes(int schemaVersion) {
        Map<String, String> a = new LinkedHashMap<>();
        put(a, ATTR_SOURCE, source);
        put(a, ATTR_CALL_ID, callId);
        put(a, ATTR_FROM, from);
        put(a, ATTR_TO, to);
        put(a, ATTR_REMOTE, remoteAddress);
        put(a, ATTR_INSTANCE, instance);
        a.put(ATTR_SCHEMA, Integer.toString(schemaVersion));
        return a;
    }

    private static void put(Map<String, String> a, String key, String value) {
        if (!value.isBlank()) {
            a.put(key, value);
        }
    }
}
