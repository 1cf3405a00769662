package dev.callbridge.bridge.text;

import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The proof that a text processor is one class: this test-only component is all it takes for calls to pick
 * {@code shout} (component scanning finds it in the bridge's package). Answers each line in capitals, in two tokens.
 */
@Component
public final class ShoutingProcessor implements TextProcessor {
    @Override
    public String name() {
        return "shout";
    }

    @Override
    public Conversation open(Call call, Replies replies) {
        return new Conversation() {
            @Override
            public void prompt(String text, Instant receivedAt) {
                replies.token("YOU SAID: ", false);
                replies.token(text.toUpperCase(Locale.ROOT), true);
            }

            @Override
            public void close() {}
        };
    }
}
