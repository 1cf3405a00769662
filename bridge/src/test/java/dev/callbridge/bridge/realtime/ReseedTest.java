package dev.callbridge.bridge.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.transcript.ListJournal;
import dev.callbridge.bridge.transcript.LongCall;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.RealtimeSchema;
import dev.callbridge.wire.realtime.SessionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a replacement session is told: recent turns word for word, older ones condensed, all schema-valid. */
class ReseedTest {
    private static final SessionConfig SESSION = new SessionConfig("gpt-realtime-2.1", "Be brief.", "marin", AudioFormat.PCM,
            AudioFormat.PCM, List.of("audio"), Optional.empty(), Optional.empty());

    private static List<Transcript.Spoken> turns(int n) {
        List<Transcript.Spoken> turns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            turns.add(new Transcript.Spoken("item_" + i, i % 2 == 0 ? Turn.Speaker.CALLER : Turn.Speaker.ASSISTANT,
                    (i % 2 == 0 ? "Question " : "Answer ") + i + " " + "words ".repeat(60).strip()));
        }
        return turns;
    }

    @Test
    void aShortCallIsReplayedWordForWord() {
        var seed = Reseed.of(SESSION, turns(3), true);
        assertEquals(List.of("item_0", "item_1", "item_2"), seed.itemIds());
        assertEquals(new ClientEvent.SessionUpdate(SESSION), seed.events().getFirst());
        assertEquals(new ClientEvent.ItemCreate(Optional.empty(), "assistant", turns(3).get(1).text()), seed.events().get(2));
        assertEquals(new ClientEvent.ResponseCreate(), seed.events().getLast(), "the last turn is the caller's: answer it");
        assertEquals(4, Reseed.of(SESSION, turns(3), false).events().size(), "a rollover asks for no response");
        assertEquals(3, Reseed.of(SESSION, turns(2), true).events().size(), "nothing to answer after the assistant");
    }

    @Test
    void aLongCallKeepsTheLatestTurnsAndCondensesTheRestIntoOneBoundedSystemMessage() {
        var seed = Reseed.of(SESSION, turns(200), false);
        var summary = (ClientEvent.ItemCreate) seed.events().get(1);
        System.out.printf("200 turns: expected 1 + %d items, actual %d; system message %d chars (bound %d)%n",
                Reseed.VERBATIM_TURNS, seed.itemIds().size(), summary.text().length(), Reseed.EARLIER_MAX_CHARS);
        assertEquals(Optional.of("root"), summary.previousItemId());
        assertEquals("system", summary.role());
        assertTrue(summary.text().length() <= Reseed.EARLIER_MAX_CHARS + 100);
        assertTrue(summary.text().contains("Answer 175 "), "the turn just before the verbatim ones is in it");
        assertEquals(1 + Reseed.VERBATIM_TURNS, seed.itemIds().size());
        assertEquals("item_176", seed.itemIds().get(1));
        RealtimeSchema schema = RealtimeSchema.load();
        for (ClientEvent e : seed.events()) {
            assertEquals(List.of(), schema.validateClient(RealtimeCodec.encode(e)));
        }
    }

    @Test
    void noSeedHoldsMoreThanMaxEventsWhichSizeTheOpeningLegsBuffer() {
        int longest = Reseed.of(SESSION, turns(201), true).events().size(); // condensed + verbatim + answer again
        System.out.printf("longest seed: expected %d events (MAX_EVENTS), actual %d%n", Reseed.MAX_EVENTS, longest);
        assertEquals(Reseed.MAX_EVENTS, longest);
    }

    /**
     * A transcript that forgot its old turns (they are in its journal) gives a replacement session the same seed as
     * one that kept them all: the verbatim turns and the 6,000 characters before them are what it keeps.
     */
    @Test
    void aTranscriptThatForgotOldTurnsSeedsANewSessionAsIfItHadKeptThemAll() {
        var whole = new Transcript();
        LongCall.play(whole, 700);
        Reseed.Seed expected = Reseed.of(SESSION, whole.spoken(), true);
        for (int kept : List.of(Transcript.KEPT_TURNS, 2)) {
            var forgetting = new Transcript(new ListJournal(), kept);
            LongCall.play(forgetting, 700);
            Reseed.Seed actual = Reseed.of(SESSION, forgetting.earlier(), forgetting.spoken(), true);
            System.out.printf("kept %d turns in memory, forgot %d; a new session is told from %d turns and %d chars of "
                    + "earlier lines (of %d turns): seed equal %s%n", forgetting.kept(), forgetting.forgotten(),
                    forgetting.spoken().size(), forgetting.earlier().length(), whole.spoken().size(), expected.equals(actual));
            assertTrue(forgetting.earlier().length() <= 2 * Transcript.FORGOTTEN_LINES_KEPT + 200);
            assertTrue(forgetting.forgotten() > 1_300);
            assertEquals(expected, actual);
        }
    }
}
