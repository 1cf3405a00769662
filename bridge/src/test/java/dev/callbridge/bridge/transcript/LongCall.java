package dev.callbridge.bridge.transcript;

import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A long call's transcript events in the order the Realtime API sends them, with what makes ordering hard: caller
 * transcriptions after the reply (some an exchange late, some never), replies cut by the caller before their text
 * came, partial words, and speech discarded before it committed. The same calls give the same events.
 */
public final class LongCall {
    private LongCall() {}

    /** Plays {@code exchanges} exchanges, a caller turn and a reply every 4 s. */
    public static void play(Transcript t, int exchanges) {
        play(t, exchanges, n -> { });
    }

    /** The same, calling {@code afterExchange} with each exchange's number once its events are played. */
    public static void play(Transcript t, int exchanges, IntConsumer afterExchange) {
        String previous = null;
        String lateCaller = null;
        for (int n = 0; n < exchanges; n++) {
            String caller = "u" + n;
            String reply = "a" + n;
            t.started(caller, Turn.Speaker.CALLER, Duration.ofMillis(n * 4_000L));
            if (n % 50 == 7) {
                t.discard(caller); // speech whose session was lost before it committed
                afterExchange.accept(n);
                continue;
            }
            t.place(caller, Optional.ofNullable(previous), Turn.Speaker.CALLER);
            t.place(reply, Optional.of(caller), Turn.Speaker.ASSISTANT);
            t.started(reply, Turn.Speaker.ASSISTANT, Duration.ofMillis(n * 4_000L + 1_500));
            t.partial(reply, Turn.Speaker.ASSISTANT, "Reply ");
            t.partial(reply, Turn.Speaker.ASSISTANT, n + " with");
            if (n % 7 == 3) {
                t.interrupted(reply, 0.4); // the caller cut in before the reply's text came
            }
            t.text(reply, Turn.Speaker.ASSISTANT, "Reply " + n + " with a few more words, " + "some ".repeat(n % 17) + "to cut.");
            if (lateCaller != null) {
                t.text(lateCaller, Turn.Speaker.CALLER, "Question " + lateCaller.substring(1) + ", transcribed late");
                lateCaller = null;
            }
            if (n % 11 == 4) {
                lateCaller = caller; // transcribed during the next exchange
            } else if (n % 13 != 5) {
                t.text(caller, Turn.Speaker.CALLER, "Question " + n); // after the reply, as usual
            } // else: the transcription never comes
            previous = reply;
            afterExchange.accept(n);
        }
    }

    /** An item announced after an early one ({@code a3}), as a reseeded or edited conversation may announce it. */
    public static void lateItemAfterAnEarlyOne(Transcript t) {
        t.place("late", Optional.of("a3"), Turn.Speaker.CALLER);
        t.text("late", Turn.Speaker.CALLER, "late words");
    }
}
