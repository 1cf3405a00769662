package dev.callbridge.bridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.call.SummarySink;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call's journal as a kill leaves it, read back into the same transcript and mailed once. */
class CallJournalTest {
    private static final Instant START = Instant.parse("2026-11-22T09:00:00Z");
    private static final CallJournal.Header HEADER = new CallJournal.Header(CallSummary.Channel.VOICE, "CAjournal1",
            "MZjournal1", "+15551230001", "+15559870002", START, "127.0.0.1", "test");

    /** A conversation with what makes ordering hard: a late caller transcription, a barge-in, a discarded item. */
    private static void converse(Transcript t) {
        t.place("u1", Optional.empty(), Turn.Speaker.CALLER);
        t.started("u1", Turn.Speaker.CALLER, Duration.ofMillis(500));
        t.place("a1", Optional.of("u1"), Turn.Speaker.ASSISTANT);
        t.started("a1", Turn.Speaker.ASSISTANT, Duration.ofMillis(2500));
        t.text("a1", Turn.Speaker.ASSISTANT, "We open at nine and close at six on weekdays.");
        t.text("u1", Turn.Speaker.CALLER, "When do you open?"); // after the reply, as transcriptions often are
        t.interrupted("a1", 0.5);
        t.started("u2", Turn.Speaker.CALLER, Duration.ofMillis(4000));
        t.discard("u2");
        t.place("u3", Optional.of("a1"), Turn.Speaker.CALLER);
        t.started("u3", Turn.Speaker.CALLER, Duration.ofMillis(5000));
        t.text("u3", Turn.Speaker.CALLER, "And on Saturdays? \"Quoted\" and ünïcode.");
    }

    @Test
    void aJournalCutByAKillRebuildsTheTranscriptAsItWas(@TempDir Path dir) throws Exception {
        var journal = new CallJournal(Optional.of(dir));
        CallJournal.Writer writer = journal.open(HEADER);
        Transcript live = new Transcript(writer);
        converse(live);
        // The kill came in the middle of a write: half a line at the end.
        Path file = dir.resolve("CAjournal1.jsonl");
        Files.writeString(file, "{\"k\":\"text\",\"id\":\"a2\",\"spea", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        List<CallJournal.Unfinished> unfinished = journal.unfinished();
        assertEquals(1, unfinished.size());
        assertEquals(HEADER, unfinished.getFirst().header());
        assertEquals(1, unfinished.getFirst().unreadableLines());
        Transcript rebuilt = new Transcript();
        unfinished.getFirst().changes().forEach(rebuilt::apply);
        System.out.println("live:    " + live.turns(START));
        System.out.println("rebuilt: " + rebuilt.turns(START));
        assertEquals(live.turns(START), rebuilt.turns(START));
        assertEquals(List.of("When do you open?", "We open at nine…", "And on Saturdays? \"Quoted\" and ünïcode."),
                rebuilt.turns(START).stream().map(Turn::text).map(s -> s.startsWith("We open") ? "We open at nine…" : s).toList());
    }

    @Test
    void recoveryMailsEachUnfinishedCallOnceAndRemovesItsJournal(@TempDir Path dir) throws Exception {
        var journal = new CallJournal(Optional.of(dir));
        converse(new Transcript(journal.open(HEADER)));
        CallJournal.Writer done = journal.open(new CallJournal.Header(CallSummary.Channel.VOICE, "CAjournal2", "MZ2", "", "",
                START, "127.0.0.1", "test"));
        done.finished();
        assertFalse(Files.exists(dir.resolve("CAjournal2.jsonl")), "a finished call leaves no journal");

        List<CallSummary> mailed = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        SummarySink sink = (summary, origin) -> {
            mailed.add(summary);
            origins.add(origin);
        };
        assertEquals(1, JournalRecovery.recover(journal, sink));
        System.out.println("recovered: " + mailed.getFirst().callId() + " (" + mailed.getFirst().endReason() + "), "
                + mailed.getFirst().turns().size() + " turns, " + mailed.getFirst().counters());
        assertEquals("CAjournal1", mailed.getFirst().callId());
        assertEquals(JournalRecovery.REASON, mailed.getFirst().endReason());
        assertEquals(3, mailed.getFirst().turns().size());
        assertEquals("journal-recovery", origins.getFirst().source());
        assertTrue(journal.unfinished().isEmpty());
        assertEquals(0, JournalRecovery.recover(journal, sink), "a second start finds nothing left");
    }

    @Test
    void aCallSidNeverNamesAFileOutsideTheFolder() {
        assertEquals("______etc_passwd", CallJournal.safeName("../../etc/passwd"));
    }
}
