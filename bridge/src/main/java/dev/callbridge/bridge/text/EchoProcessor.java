package dev.callbridge.bridge.text;

import dev.callbridge.bridge.BridgeProperties;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code echo}: answers every message at once with the time it was received (in {@code callbridge.text.zone},
 * Tokyo by default), what it received, and a marker that this is the server's reply. Needs no model: for
 * durability tests of the text path and for checking a deployment.
 */
@Component
public final class EchoProcessor implements TextProcessor {
    /** Starts every echo reply, so a reader (or the simulator) can tell the server's lines. */
    public static final String MARKER = "[server reply]";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.US);

    private final ZoneId zone;

    public EchoProcessor(BridgeProperties properties) {
        this.zone = properties.text().zone();
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public Conversation open(Call call, Replies replies) {
        return new Conversation() {
            @Override
            public void prompt(String text, Instant receivedAt) {
                replies.token(reply(text, receivedAt, zone), true);
            }

            @Override
            public void close() {}
        };
    }

    static String reply(String text, Instant receivedAt, ZoneId zone) {
        return MARKER + " received " + TIME.format(receivedAt.atZone(zone)) + ": " + text;
    }
}
