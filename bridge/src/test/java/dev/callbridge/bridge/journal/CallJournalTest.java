package dev.callbridge.bridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.transcript.LongCall;
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
            "MZjournal1", "+15551230001", "+15559870002", "reception", START, "127.0.0.1", "test");

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
        CallJournal.Writer done = journal.open(new CallJournal.Header(CallSummary.Channel.VOICE, "CAjournal2", "MZ2", "", "", "",
                START, "127.0.0.1", "test"));
        done.finish(() -> { });
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

    /**
     * With a disk thread, the thread that reports changes (a socket's) never touches a file: the journal is opened,
     * written, and after the spooling deleted there, in the order reported; close() finishes what is queued.
     */
    @Test
    void filesAreTouchedOnTheDiskThreadInOrderAndTheJournalGoesOnlyAfterTheSpooling(@TempDir Path dir) throws Exception {
        var journal = CallJournal.onOwnThread(Optional.of(dir));
        Path file = dir.resolve("CAjournal1.jsonl");
        List<String> seenBySpool = new ArrayList<>();
        var blocker = new java.util.concurrent.CountDownLatch(1);
        CallJournal.Writer hold = journal.open(new CallJournal.Header(CallSummary.Channel.VOICE, "CAhold", "MZh", "", "", "",
                START, "127.0.0.1", "test"));
        hold.finish(() -> {
            seenBySpool.add("first spool on " + Thread.currentThread().getName());
            try {
                blocker.await(); // the disk is slow: everything after this waits, the reporting thread does not
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CallJournal.Writer writer = journal.open(HEADER);
        converse(new Transcript(writer));
        boolean createdWhileDiskBusy = Files.exists(file);
        int queued = journal.backlog();
        writer.finish(() -> {
            try {
                seenBySpool.add("second spool sees " + Files.readAllLines(file).size() + " lines");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        blocker.countDown();
        journal.close();

        List<String> expected = List.of("first spool on callbridge-disk", "second spool sees 13 lines");
        System.out.println("created while the disk thread was busy: " + createdWhileDiskBusy + ", queued then: " + queued);
        System.out.println("expected: " + expected + ", then no journal left");
        System.out.println("actual:   " + seenBySpool + ", journal left: " + Files.exists(file));
        assertFalse(createdWhileDiskBusy, "the reporting thread did not create the file");
        assertTrue(queued >= 13, "the open and 12 changes queued behind the slow spool: " + queued);
        assertEquals(expected, seenBySpool);
        assertFalse(Files.exists(file), "deleted after its spooling");
        assertEquals(0, journal.backlog());
    }

    /** A spooling that fails leaves the journal for the next start to recover; the disk thread carries on. */
    @Test
    void aFailedSpoolingKeepsTheJournal(@TempDir Path dir) throws Exception {
        var journal = CallJournal.onOwnThread(Optional.of(dir));
        CallJournal.Writer writer = journal.open(HEADER);
        converse(new Transcript(writer));
        writer.finish(() -> {
            throw new IllegalStateException("spool folder full");
        });
        List<String> after = new ArrayList<>();
        journal.open(new CallJournal.Header(CallSummary.Channel.VOICE, "CAnext", "MZn", "", "", "", START, "127.0.0.1", "test"))
                .finish(() -> after.add("next call spooled"));
        journal.close();
        List<CallJournal.Unfinished> left = journal.unfinished();
        System.out.println("expected: [CAjournal1] left with 12 changes, [next call spooled]");
        System.out.println("actual:   " + left.stream().map(u -> u.header().callId()).toList() + " left with "
                + left.getFirst().changes().size() + " changes, " + after);
        assertEquals(List.of("CAjournal1"), left.stream().map(u -> u.header().callId()).toList());
        assertEquals(12, left.getFirst().changes().size());
        assertEquals(List.of("next call spooled"), after);
    }

    /**
     * A long call on the disk thread's journal: the transcript forgets turns only once the disk thread has written
     * their lines, and the ending, in the spooling, reads them back from the file: the same turns as a transcript
     * that kept them all.
     */
    @Test
    void aLongCallsForgottenTurnsAreReadBackFromItsFileForTheMail(@TempDir Path dir) throws Exception {
        var journal = CallJournal.onOwnThread(Optional.of(dir));
        CallJournal.Writer writer = journal.open(HEADER);
        var live = new Transcript(writer);
        int[] maxKept = {0};
        LongCall.play(live, 1_000, n -> {
            maxKept[0] = Math.max(maxKept[0], live.kept());
            // An exchange takes seconds: time enough for the disk thread to write its lines.
            var written = new java.util.concurrent.CompletableFuture<Void>();
            journal.disk().execute(() -> written.complete(null));
            written.join();
        });
        Transcript.Ending ending = live.end(START);
        List<List<Turn>> mailed = new ArrayList<>();
        writer.finish(() -> mailed.add(ending.turns(writer::written)));
        journal.close();

        var whole = new Transcript();
        LongCall.play(whole, 1_000);
        List<Turn> expected = whole.turns(START);
        System.out.printf("1000 exchanges on the disk thread: in memory at most %d turns, forgotten %d; mailed turns "
                + "expected %d, actual %d, equal: %s; journal left: %s%n", maxKept[0], live.forgotten(), expected.size(),
                mailed.getFirst().size(), expected.equals(mailed.getFirst()), Files.exists(dir.resolve("CAjournal1.jsonl")));
        assertTrue(live.forgotten() > 1_800, "forgotten: " + live.forgotten());
        assertTrue(maxKept[0] <= 2 * Transcript.KEPT_TURNS, "in memory: " + maxKept[0]);
        assertEquals(expected, mailed.getFirst());
        assertFalse(Files.exists(dir.resolve("CAjournal1.jsonl")));
    }

    @Test
    void aCallSidNeverNamesAFileOutsideTheFolder() {
        assertEquals("______etc_passwd", CallJournal.safeName("../../etc/passwd"));
    }
}
