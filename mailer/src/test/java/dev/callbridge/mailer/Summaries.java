package dev.callbridge.mailer;

import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test fixtures. */
final class Summaries {
    static final Instant START = Instant.parse("2026-11-22T04:00:00Z");

    private Summaries() {}

    static CallSummary twoTurns(String callId) {
        return new CallSummary(CallSummary.Channel.VOICE, callId, "MZ" + callId.substring(2), "+15550001111", "+15550002222", "", START,
                START.plusSeconds(75), "twilio-stop",
                List.of(new Turn(Turn.Speaker.CALLER, "Hi, I'd like to book a table.", Duration.ofMillis(1240),
                                START.plusMillis(1240), false),
                        new Turn(Turn.Speaker.ASSISTANT, "Of course. For how many?", Duration.ofMillis(3100),
                                START.plusMillis(3100), true)),
                Map.of("framesIn", 3750L), "");
    }
}
