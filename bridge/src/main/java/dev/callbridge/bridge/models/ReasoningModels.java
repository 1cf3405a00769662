package dev.callbridge.bridge.models;

import java.util.List;
import java.util.Locale;

/**
 * Which Realtime models take {@code reasoning.effort}. The spec says "reasoning-capable Realtime models such as
 * {@code gpt-realtime-2}" without a list; the models before the 2 series (the first GA model, its minis, the
 * 1.5 release and the GPT-4o previews, and the gpt-audio models) are known not to reason, so the effort is sent to
 * every other model, newer ones included.
 */
public final class ReasoningModels {
    private static final List<String> WITHOUT_REASONING_PREFIXES = List.of("gpt-4o", "gpt-audio", "gpt-realtime-mini",
            "gpt-realtime-1.5", "gpt-realtime-20");

    private ReasoningModels() {}

    public static boolean takesReasoning(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        return !m.equals("gpt-realtime") && WITHOUT_REASONING_PREFIXES.stream().noneMatch(m::startsWith);
    }
}
