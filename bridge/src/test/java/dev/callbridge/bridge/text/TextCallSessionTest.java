package dev.callbridge.bridge.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.wire.relay.ConversationRelayCodec;
import dev.callbridge.wire.relay.RelayCommand;
import dev.callbridge.wire.relay.RelayMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text call driven message by message, without sockets: what its mail holds, and that a long call keeps only its
 * newest turns in memory (the rest are read back from its journal at the end).
 */
class TextCallSessionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path journals;

    /**
     * Answers "Noted: <line>. Anything else?" in three tokens; a line starting "hold" gets two tokens and no end, as a
     * reply still being generated when the caller hangs up.
     */
    private static final TextProcessor NOTING = new TextProcessor() {
        @Override
        public String name() {
            return "noting";
        }

        @Override
        public Conversation open(Call call, Replies replies) {
            return new Conversation() {
                @Override
                public void prompt(String text, Instant receivedAt) {
                    replies.token("Noted: ", false);
                    replies.token(text + ".", false);
                    if (!text.startsWith("hold")) {
                        replies.token(" Anything else?", true);
                    }
                }

                @Override
                public void close() {}
            };
        }
    };

    /** One call over a journal in {@code journals}; the mail it hands over lands in {@link #mail}. */
    private final class Call {
        final AtomicReference<CallSummary> mail = new AtomicReference<>();
        final TextCallSession session;

        Call(String callSid, int keptTurns) {
            var settings = new TextCallSession.Settings(new TextProcessors(List.of(NOTING), "noting", Map.of()),
                    Optional.empty(), "test", "Hello, how can I help?", new CallJournal(Optional.of(journals.resolve(callSid))), keptTurns);
            RelayPort port = new RelayPort() {
                @Override
                public void send(RelayCommand command) {}

                @Override
                public void close(int status, String reason) {}

                @Override
                public String remoteAddress() {
                    return "127.0.0.1";
                }

                @Override
                public long dropped() {
                    return 0;
                }
            };
            session = new TextCallSession("relay-1", settings, port, (summary, origin) -> mail.set(summary), CLOCK,
                    new CallRegistry());
            say(new RelayMessage.Setup("VX1", "AC1", callSid, "+15551230001", "+15550000000", "inbound", Map.of()));
        }

        void say(RelayMessage message) {
            session.onTwilio(ConversationRelayCodec.decodeMessage(ConversationRelayCodec.encodeMessage(message)));
        }

        void prompt(String line) {
            say(new RelayMessage.Prompt(line, "en-US", true));
        }

        List<String> mailed() {
            return mail.get().turns().stream()
                    .map(t -> t.speaker().name().toLowerCase(Locale.ROOT) + (t.interrupted() ? " (interrupted)" : "") + ": " + t.text()).toList();
        }
    }

    /**
     * 1,500 exchanges, every seventh reply cut by the caller after its first word (and every 49th interrupt repeated,
     * which has nothing left to cut): the mail of a call keeping 4 turns in memory equals what was said, and equals
     * the mail of a call keeping every turn; all but the newest 4 turns were read back from the journal.
     */
    @Test
    void aLongCallKeepsItsNewestTurnsInMemoryAndItsMailHoldsEveryTurn() throws IOException {
        List<String> expected = new ArrayList<>(List.of("assistant: Hello, how can I help?"));
        Call small = new Call("CAsmall", 4);
        Call whole = new Call("CAwhole", 100_000);
        long repeatedInterrupts = 0;
        for (int i = 0; i < 1_500; i++) {
            String line = "Line " + i + " of the caller";
            expected.add("caller: " + line);
            expected.add(i % 7 == 3 ? "assistant (interrupted): Noted:" : "assistant: Noted: " + line + ". Anything else?");
            for (Call c : List.of(small, whole)) {
                c.prompt(line);
                if (i % 7 == 3) {
                    c.say(new RelayMessage.Interrupt("Noted: ", 400));
                    if (i % 49 == 3) {
                        c.say(new RelayMessage.Interrupt("Noted: ", 400));
                        repeatedInterrupts += c == small ? 1 : 0;
                    }
                }
            }
        }
        small.session.onTwilioClosed(1000, "caller hung up");
        whole.session.onTwilioClosed(1000, "caller hung up");

        List<String> mailed = small.mailed();
        System.out.printf("expected %d turns, first %s, last %s%nactual   %d turns, first %s, last %s%n", expected.size(),
                expected.getFirst(), expected.getLast(), mailed.size(), mailed.getFirst(), mailed.getLast());
        assertSameTurns(expected, mailed);
        assertSameTurns(whole.mailed(), mailed);
        long readBack = small.mail.get().counters().get("turnsReadFromJournal");
        System.out.printf("turns read back from the journal: expected %d (all but the newest 4), actual %d%n",
                expected.size() - 4, readBack);
        assertEquals(expected.size() - 4, readBack);
        assertEquals(null, whole.mail.get().counters().get("turnsReadFromJournal"), "nothing forgotten when all are kept");
        assertEquals(repeatedInterrupts, small.mail.get().counters().get("interruptsWithoutReply"), "interrupts after a cut");
        try (var left = Files.list(journals.resolve("CAsmall"))) {
            assertEquals(List.of(), left.toList(), "journals are deleted once the mail is spooled");
        }
    }

    /** Equal lists of turns, or the first that differs. */
    private static void assertSameTurns(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "turn " + i);
        }
        assertEquals(expected.size(), actual.size(), "turns");
    }

    /** A reply still streaming when the caller hangs up keeps the words sent, marked as cut off. */
    @Test
    void aReplyTheHangUpCutsKeepsItsWordsMarkedAsCutOff() {
        Call call = new Call("CAhangup", 4);
        call.prompt("What time is it?");
        call.prompt("hold the line");
        call.session.onTwilioClosed(1000, "caller hung up");

        List<String> expected = List.of("assistant: Hello, how can I help?", "caller: What time is it?",
                "assistant: Noted: What time is it?. Anything else?", "caller: hold the line",
                "assistant (interrupted): Noted: hold the line.");
        System.out.println("expected " + expected + "\nactual   " + call.mailed());
        assertEquals(expected, call.mailed());
    }

    /**
     * A caller line that comes while a reply is still streaming (Twilio sends no interrupt when the reply is not
     * interruptible): the reply keeps what came of it, not marked as cut off, and the line follows it.
     */
    @Test
    void aLineDuringAStreamingReplySettlesItInPlace() {
        Call call = new Call("CAoverlap", 2);
        call.prompt("hold on");
        call.prompt("sorry, go on");
        call.session.onTwilioClosed(1000, "caller hung up");

        List<String> expected = List.of("assistant: Hello, how can I help?", "caller: hold on",
                "assistant: Noted: hold on.", "caller: sorry, go on", "assistant: Noted: sorry, go on. Anything else?");
        System.out.println("expected " + expected + "\nactual   " + call.mailed());
        assertEquals(expected, call.mailed());
    }
}
