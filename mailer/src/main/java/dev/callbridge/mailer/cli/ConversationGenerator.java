package dev.callbridge.mailer.cli;

import dev.callbridge.mailer.mail.Utf8;
import java.util.List;
import java.util.Random;

/**
 * Writes {@code data/client-server-conversation.txt}: alternating {@code client:} and {@code server:} lines of a
 * made-up support conversation, as long as fits in a byte budget. Deterministic for a seed (a
 * {@link Random}, whose algorithm the Java specification fixes), so the committed file can be checked against a fresh run.
 * Some lines carry non-ASCII text, so byte-counted cuts are exercised on multi-byte characters.
 */
public final class ConversationGenerator {
    private static final List<String> OPENERS = List.of("Hello,", "Hi,", "Good morning,", "Sorry,", "Quick question:",
            "Thanks,", "One more thing:", "Okay,", "Right,", "こんにちは、");
    private static final List<String> ASKS = List.of("can I move my appointment to", "is the shop open on",
            "could you check the delivery for", "what is the price of", "do you still have a table for",
            "can someone call me back about", "I need to cancel the booking for", "is it going to rain on",
            "how long is the wait for", "can I pay by card for");
    private static final List<String> THINGS = List.of("Tuesday afternoon", "the order 48213", "two people at seven",
            "the blue café chair", "the invoice from March", "Saturday morning", "the repair of my bike",
            "the 10:30 slot", "room 204", "the parcel to Zürich", "東京駅の近くの店", "next week");
    private static final List<String> ANSWERS = List.of("Let me check that for you.", "Yes, that works.",
            "I'm afraid that slot is taken; the next free one is an hour later.", "That is done; you will get a confirmation.",
            "We open at nine and close at six on that day.", "It is on its way and should arrive tomorrow.",
            "The price is 24 euros including tax.", "I have noted it; a colleague will call you back.",
            "Light rain is expected in the afternoon.", "The wait is about fifteen minutes.",
            "承知しました。少々お待ちください。", "Is there anything else I can help with?");

    private ConversationGenerator() {}

    /** The conversation, at most {@code maxBytes} of UTF-8, ending after a whole line. */
    public static String generate(long seed, int maxBytes) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int turn = 0; ; turn++) {
            String line = (turn % 2 == 0 ? "client: " + clientLine(random) : "server: " + serverLine(random)) + "\n";
            int size = Utf8.length(line);
            if (bytes + size > maxBytes) {
                return out.toString();
            }
            out.append(line);
            bytes += size;
        }
    }

    private static String clientLine(Random r) {
        return pick(r, OPENERS) + " " + pick(r, ASKS) + " " + pick(r, THINGS) + "?";
    }

    private static String serverLine(Random r) {
        String a = pick(r, ANSWERS);
        return r.nextInt(3) == 0 ? a + " " + pick(r, ANSWERS) : a;
    }

    private static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }
}
