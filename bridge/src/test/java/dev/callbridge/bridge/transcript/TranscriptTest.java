package dev.callbridge.bridge.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.mailer.summary.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranscriptTest {
    private static final Instant START = Instant.parse("2026-11-22T04:00:00Z");

    private static List<String> lines(Transcript t) {
        return t.turns(START).stream().map(x -> x.speaker().label() + (x.interrupted() ? "*" : "") + ": " + x.text()).toList();
    }

    @Test
    void aCallerTranscriptionThatArrivesAfterTheReplyStillComesFirst() {
        Transcript t = new Transcript();
        // Events in the order the Realtime API sends them when transcription is slow:
        t.started("item_u1", Turn.Speaker.CALLER, Duration.ofMillis(200));
        t.place("item_u1", Optional.empty(), Turn.Speaker.CALLER);           // input_audio_buffer.committed
        t.place("item_a1", Optional.of("item_u1"), Turn.Speaker.ASSISTANT);  // conversation.item.added
        t.started("item_a1", Turn.Speaker.ASSISTANT, Duration.ofMillis(4000));
        t.text("item_a1", Turn.Speaker.ASSISTANT, "Of course. For how many?");
        t.started("item_u2", Turn.Speaker.CALLER, Duration.ofMillis(7000));
        t.place("item_u2", Optional.of("item_a1"), Turn.Speaker.CALLER);
        t.text("item_u2", Turn.Speaker.CALLER, "Two, please.");
        t.text("item_u1", Turn.Speaker.CALLER, "I'd like a table.");             // transcription.completed, late

        List<String> expected = List.of("caller: I'd like a table.", "assistant: Of course. For how many?",
                "caller: Two, please.");
        System.out.println("expected " + expected + "\nactual   " + lines(t));
        assertEquals(expected, lines(t));
        assertEquals(START.plusMillis(4000), t.turns(START).get(1).at());
    }

    @Test
    void textForAnItemNotYetPlacedWaitsAtTheEndUntilItIsPlaced() {
        Transcript t = new Transcript();
        t.place("a", Optional.empty(), Turn.Speaker.CALLER);
        t.text("c", Turn.Speaker.CALLER, "third");          // seen before its place is known
        t.place("b", Optional.of("a"), Turn.Speaker.ASSISTANT);
        t.text("a", Turn.Speaker.CALLER, "first");
        t.text("b", Turn.Speaker.ASSISTANT, "second");
        assertEquals(List.of("caller: first", "assistant: second", "caller: third"), lines(t));
    }

    @Test
    void anInterruptedTurnKeepsOnlyWhatWasHeardAndAMissingTranscriptionIsSaid() {
        Transcript t = new Transcript();
        t.started("u1", Turn.Speaker.CALLER, Duration.ZERO);
        t.place("u1", Optional.empty(), Turn.Speaker.CALLER);
        t.place("a1", Optional.of("u1"), Turn.Speaker.ASSISTANT);
        t.interrupted("a1", 0.5); // the cut may come before the transcript
        t.text("a1", Turn.Speaker.ASSISTANT, "Thursday has free slots at nine and at two thirty.");
        List<String> expected = List.of("caller: [no transcription]", "assistant*: Thursday has free slots at");
        System.out.println("expected " + expected + "\nactual   " + lines(t));
        assertEquals(expected, lines(t));
    }

    @Test
    void textCutsOnWordBoundaries() {
        assertEquals("", TextCut.keepFraction("Hello there", 0));
        assertEquals("Hello", TextCut.keepFraction("Hello there", 0.2));
        assertEquals("Hello there", TextCut.keepFraction("Hello there", 0.7));
        assertEquals("Hello there", TextCut.keepFraction("Hello there", 1));
    }

    @Test
    void aReplyCutByALostSessionStaysBeforeTheReplyTheNextSessionGives() {
        var t = new Transcript();
        t.place("u1", Optional.empty(), Turn.Speaker.CALLER);
        t.text("u1", Turn.Speaker.CALLER, "When do you open?");
        t.place("a1", Optional.of("u1"), Turn.Speaker.ASSISTANT);
        t.cutShort("a1", true); // audio heard, no word yet: "…"
        t.place("x9", Optional.empty(), Turn.Speaker.ASSISTANT); // never announced, no text, not heard
        t.cutShort("x9", false);
        // The next session's reply follows its seed copy of u1, an id the transcript does not know: it goes last.
        t.place("b1", Optional.of("seed-copy-of-u1"), Turn.Speaker.ASSISTANT);
        t.text("b1", Turn.Speaker.ASSISTANT, "At nine.");
        var expected = List.of("caller: When do you open?", "assistant*: …", "assistant: At nine.");
        System.out.println("expected " + expected + "\nactual   " + lines(t));
        assertEquals(expected, lines(t));
        assertEquals(List.of("u1", "b1"), t.spoken().stream().map(Transcript.Spoken::itemId).toList(), "no '…' is seeded");
    }

    @Test
    void anHourLongCallKeepsEveryTurnInConversationOrder() {
        // 2,000 exchanges (a turn every 2 s for over two hours): the caller's transcription after the reply, every
        // fiftieth caller turn discarded, then one item announced after an early one.
        Transcript t = new Transcript();
        List<String> expected = new java.util.ArrayList<>();
        String last = null;
        for (int n = 0; n < 2_000; n++) {
            String caller = "u" + n;
            String reply = "a" + n;
            t.started(caller, Turn.Speaker.CALLER, Duration.ofMillis(n * 4_000L));
            if (n % 50 == 7) {
                t.discard(caller); // speech whose session was lost before it committed
                continue;
            }
            t.place(caller, Optional.ofNullable(last), Turn.Speaker.CALLER);
            t.place(reply, Optional.of(caller), Turn.Speaker.ASSISTANT);
            t.text(reply, Turn.Speaker.ASSISTANT, "reply " + n);
            t.text(caller, Turn.Speaker.CALLER, "question " + n);
            expected.add("caller: question " + n);
            expected.add("assistant: reply " + n);
            last = reply;
        }
        // A late item announced after an early one lands right after it.
        t.place("late", Optional.of("a3"), Turn.Speaker.CALLER);
        t.text("late", Turn.Speaker.CALLER, "late words");
        expected.add(expected.indexOf("assistant: reply 3") + 1, "caller: late words");

        List<String> actual = lines(t);
        System.out.printf("2000 exchanges: expected %d turns, first %s, around the late one %s; actual %d, %s, %s%n",
                expected.size(), expected.subList(0, 2), expected.subList(7, 10), actual.size(), actual.subList(0, 2),
                actual.subList(7, 10));
        assertEquals(expected, actual);
        assertEquals(START.plusMillis(1_999 * 4_000L), t.turns(START).get(actual.size() - 2).at());
    }

    /**
     * A transcript on a journal forgets old turns and keeps only its newest ones (and the words a reseed needs);
     * the ending reads the rest back from the journal and gives exactly the turns a transcript that forgot nothing
     * gives, in order, an item announced after a forgotten one included.
     */
    @Test
    void aLongCallKeepsItsNewestTurnsInMemoryAndItsEndingHasEveryTurn() {
        var journal = new ListJournal();
        var live = new Transcript(journal);
        int[] maxKept = {0};
        LongCall.play(live, 2_000, n -> maxKept[0] = Math.max(maxKept[0], live.kept()));
        LongCall.lateItemAfterAnEarlyOne(live);
        var whole = new Transcript();
        LongCall.play(whole, 2_000);
        LongCall.lateItemAfterAnEarlyOne(whole);

        List<Turn> expected = whole.turns(START);
        List<Turn> actual = live.end(START).turns(journal::written);
        System.out.printf("2000 exchanges: in memory at most %d turns (kept %d, up to twice that while words are awaited), forgotten %d; mailed turns expected %d, "
                + "actual %d, equal: %s%n", maxKept[0], Transcript.KEPT_TURNS, live.forgotten(), expected.size(),
                actual.size(), expected.equals(actual));
        assertEquals(expected, actual);
        // The newest 32, and older ones still waiting for a caller's transcription, up to 64.
        assertTrue(maxKept[0] <= 2 * Transcript.KEPT_TURNS, "in memory: " + maxKept[0]);
        assertTrue(live.forgotten() > 3_800, "forgotten: " + live.forgotten());
        // Memory holds the newest turns; the item announced after a forgotten one waits at its end.
        List<Turn> inMemory = live.turns(START);
        assertEquals(expected.subList(expected.size() - (inMemory.size() - 1), expected.size()),
                inMemory.subList(0, inMemory.size() - 1));
        assertEquals("late words", inMemory.getLast().text());
    }

    /**
     * A journal that fails mid-call stops the forgetting where it stopped: the ending puts the turns the file has
     * and memory has not first, then memory's, and nothing is lost.
     */
    @Test
    void aJournalThatFailsMidCallLosesNoTurn() {
        var journal = new ListJournal(2_500); // about a third of the call's changes, then the disk is full
        var live = new Transcript(journal);
        LongCall.play(live, 600);
        var whole = new Transcript();
        LongCall.play(whole, 600);

        List<Turn> expected = whole.turns(START);
        List<Turn> actual = live.end(START).turns(journal::written);
        System.out.printf("600 exchanges, journal failed after 2,500 of its changes: in memory %d turns, forgotten %d; "
                + "mailed turns expected %d, actual %d, equal: %s%n", live.kept(), live.forgotten(), expected.size(),
                actual.size(), expected.equals(actual));
        assertTrue(live.forgotten() > 0 && live.kept() > Transcript.KEPT_TURNS, "forgetting stopped at the failure");
        assertEquals(expected, actual);
    }

    @Test
    void aCallWithoutAJournalForgetsNothingAndAShortOneNeverReadsItsJournal() {
        var none = new Transcript();
        LongCall.play(none, 100);
        assertEquals(0, none.forgotten());
        var shortCall = new Transcript(new ListJournal());
        LongCall.play(shortCall, 10);
        List<Turn> turns = shortCall.end(START).turns(() -> {
            throw new AssertionError("the journal of a call that forgot nothing is not read");
        });
        assertEquals(shortCall.turns(START), turns);

        // A journal that could not even be created: every turn stays in memory (nothing is on disk), and the ending,
        // having forgotten nothing journaled, does not look for the file.
        var noFile = new Transcript(new ListJournal(0));
        LongCall.play(noFile, 30);
        for (int n = 0; n < 200; n++) {
            noFile.partial("p" + n, Turn.Speaker.ASSISTANT, "words");
        }
        noFile.text("last", Turn.Speaker.CALLER, "Bye."); // a change, so the transcript tidies up
        List<Turn> noFileTurns = noFile.end(START).turns(() -> {
            throw new AssertionError("no journaled turn was forgotten, so the journal is not read");
        });
        System.out.printf("no journal file: %d turns mailed, %d items in memory (all of them)%n", noFileTurns.size(),
                noFile.kept());
        assertEquals(0, noFile.forgotten());
        assertEquals(noFile.turns(START), noFileTurns);
        assertEquals("Bye.", noFileTurns.getLast().text());
    }
}
