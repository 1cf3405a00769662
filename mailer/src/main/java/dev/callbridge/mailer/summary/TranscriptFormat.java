package dev.callbridge.mailer.summary;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The plain-text transcript, one line a turn, in call order:
 * <pre>[+00:01:04.240 | 2026-11-22 13:05:09 JST] caller: I'd like to book a table.</pre>
 * An assistant turn the caller cut off reads {@code assistant (interrupted):} and holds only what was heard.
 * The simulator parses this shape, so it is a contract.
 */
public final class TranscriptFormat {
    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);

    private TranscriptFormat() {}

    public static String render(CallSummary summary, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        for (Turn turn : summary.turns()) {
            out.append('[').append(offset(turn.offset())).append(" | ")
                    .append(WALL.format(turn.at().atZone(zone))).append("] ")
                    .append(turn.speaker().label()).append(turn.interrupted() ? " (interrupted)" : "").append(": ")
                    .append(turn.text().replace('\r', ' ').replace('\n', ' ')).append('\n');
        }
        return out.toString();
    }

    static String offset(Duration d) {
        long ms = d.toMillis();
        return String.format(Locale.ROOT, "+%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }
}
