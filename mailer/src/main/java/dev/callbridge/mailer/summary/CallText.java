package dev.callbridge.mailer.summary;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A finished call as the mail's text: a header of call facts, then the transcript ({@link TranscriptFormat}). */
public final class CallText {
    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);

    private CallText() {}

    public static String render(CallSummary s, ZoneId zone) {
        String transcript = TranscriptFormat.render(s, zone);
        return header(s, zone) + "\n" + (transcript.isEmpty() ? "(no spoken turns)\n" : transcript);
    }

    /** What the subject says a call mail is about. */
    public static String source(CallSummary s) {
        return s.channel().label() + " " + s.from() + " → " + s.to() + (s.persona().isEmpty() ? "" : " (" + s.persona() + ")");
    }

    private static String header(CallSummary s, ZoneId zone) {
        Duration d = s.duration();
        return "Call SID: " + s.callId() + "\n"
                + s.channel().sessionLabel() + ": " + s.streamSid() + "\n"
                + "From: " + s.from() + "\n"
                + "To: " + s.to() + "\n"
                + (s.persona().isEmpty() ? "" : "Persona: " + s.persona() + "\n")
                + "Started: " + WALL.format(s.startedAt().atZone(zone)) + "\n"
                + "Ended: " + WALL.format(s.endedAt().atZone(zone)) + " (" + s.endReason() + ")\n"
                + String.format(Locale.ROOT, "Duration: %d:%02d:%02d%n", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                + "Turns: " + s.turns().size() + "\n"
                + (s.recording().isEmpty() ? "" : "Recording: " + s.recording() + "\n");
    }
}
