package dev.callbridge.bridge.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
