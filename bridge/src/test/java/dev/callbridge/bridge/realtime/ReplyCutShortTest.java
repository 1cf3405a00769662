package dev.callbridge.bridge.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.bridge.call.CallProfile;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CallSession;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.call.RecordingTwilioPort;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A reply the caller did not hear to its end, because the caller talked over it, the call ended under it or its
 * session was lost: the mail keeps what was heard, marked as cut off; no audio of it plays after the cut; only the
 * session that made it is asked to truncate it. One call in memory on a fake ticker; the Realtime side is scripted
 * GA events.
 */
class ReplyCutShortTest {
    private static final String CALL_SID = "CAmidreply0000000000000000000001";
    private static final String STREAM_SID = "MZmidreply0000000000000000000001";
    /** 20 ms of μ-law silence, as Twilio sends it. */
    private static final String FRAME = Base64.getEncoder().encodeToString(filled(160));

    private long nanos = 1_000_000_000L;
    private final RecordingTwilioPort twilioLeg = new RecordingTwilioPort();
    private final List<TwilioCommand> toTwilio = twilioLeg.sent;
    private final List<List<ClientEvent>> toSessions = new ArrayList<>();
    private final List<RealtimeListener> sessions = new ArrayList<>();
    private final List<CallSummary> mailed = new ArrayList<>();
    private int seq;
    private long mediaMs;
    private final CallSession call;

    ReplyCutShortTest() {
        var settings = new CallSettings("test", Optional.empty(), 0, Optional.empty(),
                new CallSettings.Limits(Duration.ofMinutes(5), Duration.ofSeconds(5)), filled(8),
                new CallJournal(Optional.empty()), Transcript.KEPT_TURNS);
        RealtimeDialer dialer = (callId, listener) -> {
            var leg = new RecordingRealtimePort();
            toSessions.add(leg.sent);
            sessions.add(listener);
            return leg;
        };
        var voice = new RealtimeVoice(dialer, new SessionConfig("gpt-realtime-2.1", "", "marin", AudioFormat.PCMU,
                AudioFormat.PCMU, List.of("audio"), Optional.empty(), Optional.empty()), PassthroughAudio::new,
                new Reconnect(6, 3, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(50), Duration.ofSeconds(15)),
                () -> nanos);
        call = new CallSession("socket-1", settings, twilioLeg,
                CallProfile.only(new CallProfile("test", voice, Duration.ofHours(2), false)), (summary, origin) -> mailed.add(summary),
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC), () -> nanos, new CallRegistry());
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    // ---- the Twilio side ------------------------------------------------------------------------------------

    private void twilio(TwilioEvent event) {
        call.onTwilio(MediaStreamCodec.decodeEvent(MediaStreamCodec.encodeEvent(event)));
    }

    private void startCall() {
        twilio(new TwilioEvent.Connected("Call", "1.0.0"));
        twilio(new TwilioEvent.Start(seq++, STREAM_SID, "ACtest", CALL_SID, List.of("inbound"), Map.of(),
                TwilioEvent.MediaFormat.MULAW_8K));
    }

    /** {@code ms} of caller frames, the ticker moving with them. */
    private void media(long ms) {
        for (long t = 0; t < ms; t += 20) {
            twilio(new TwilioEvent.Media(seq++, STREAM_SID, "inbound", mediaMs / 20 + 1, mediaMs, FRAME));
            mediaMs += 20;
            nanos += 20_000_000L;
        }
    }

    /** Twilio echoes every mark it was sent (it has played all of it). */
    private void echoMarks() {
        List<String> marks = toTwilio.stream().filter(TwilioCommand.Mark.class::isInstance)
                .map(c -> ((TwilioCommand.Mark) c).name()).toList();
        marks.forEach(name -> twilio(new TwilioEvent.Mark(seq++, STREAM_SID, name)));
    }

    private CallSummary hangUp() {
        twilio(new TwilioEvent.Stop(seq++, STREAM_SID, "ACtest", CALL_SID));
        assertEquals(1, mailed.size(), "one summary");
        return mailed.getFirst();
    }

    // ---- the Realtime side (GA events) ----------------------------------------------------------------------

    private void server(String json) {
        RealtimeListener.deliver(json, sessions.getLast());
    }

    private void sessionOpens(int n) {
        server("{\"type\":\"session.created\",\"event_id\":\"ev_c" + n + "\",\"session\":{\"id\":\"sess_" + n
                + "\",\"expires_at\":0}}");
        server("{\"type\":\"session.updated\",\"event_id\":\"ev_u" + n + "\",\"session\":{\"id\":\"sess_" + n + "\"}}");
    }

    /** The caller's turn {@code itemId}, detected, committed and transcribed. */
    private void callerSays(String itemId, String previous, String text) {
        server("{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"ev_s_" + itemId
                + "\",\"audio_start_ms\":" + mediaMs + ",\"item_id\":\"" + itemId + "\"}");
        media(400);
        server("{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"ev_m_" + itemId + "\",\"previous_item_id\":"
                + (previous == null ? "null" : "\"" + previous + "\"") + ",\"item_id\":\"" + itemId + "\"}");
        server("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"event_id\":\"ev_i_" + itemId
                + "\",\"item_id\":\"" + itemId + "\",\"content_index\":0,\"transcript\":\"" + text + "\"}");
    }

    private void replyStarts(String itemId, String previous) {
        server("{\"type\":\"response.created\",\"event_id\":\"ev_r_" + itemId + "\",\"response\":{\"id\":\"resp_" + itemId
                + "\",\"object\":\"realtime.response\"}}");
        server("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_a_" + itemId + "\",\"previous_item_id\":\""
                + previous + "\",\"item\":{\"id\":\"" + itemId + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
    }

    /** {@code ms} of reply audio in 20 ms deltas, and the words generated with it. */
    private void replyAudio(String itemId, long ms, String words) {
        String delta = Base64.getEncoder().encodeToString(filled(160));
        for (long t = 0; t < ms; t += 20) {
            server("{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_d\",\"response_id\":\"resp_" + itemId
                    + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta + "\"}");
        }
        server("{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"ev_x\",\"response_id\":\"resp_" + itemId
                + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + words + "\"}");
    }

    private void replyDone(String itemId, String text) {
        server("{\"type\":\"response.output_audio_transcript.done\",\"event_id\":\"ev_y\",\"response_id\":\"resp_" + itemId
                + "\",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,\"transcript\":\"" + text + "\"}");
        server("{\"type\":\"response.done\",\"event_id\":\"ev_o\",\"response\":{\"id\":\"resp_" + itemId
                + "\",\"status\":\"completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}}");
    }

    private static List<String> rendered(CallSummary summary) {
        return summary.turns().stream().map(t -> (t.speaker() == Turn.Speaker.CALLER ? "caller: " : "assistant: ")
                + t.text() + (t.interrupted() ? " [cut off]" : "")).toList();
    }

    // ---- the cases ------------------------------------------------------------------------------------------

    /**
     * Not a cut, but the same call in memory: a key press reaches the model as a caller message with the bridge's
     * own item id and a reply asked for; when the service announces that item it is a caller turn in the mail.
     */
    @Test
    void aKeyPressReachesTheModelAndTheTranscriptInOrder() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "I would like to book a table.");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 200, "For how many people?");
        replyDone("item_a1", "For how many people? Press a number.");
        echoMarks();
        int sentBefore = toSessions.getLast().size();
        twilio(new TwilioEvent.Dtmf(seq++, STREAM_SID, "inbound_track", "4"));
        List<ClientEvent> told = toSessions.getLast().subList(sentBefore, toSessions.getLast().size()).stream()
                .filter(e -> !(e instanceof ClientEvent.InputAudioAppend)).toList();
        server("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_k\",\"previous_item_id\":\"item_a1\","
                + "\"item\":{\"id\":\"item_key_1\",\"type\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"The caller pressed 4 on the phone's keypad.\"}]}}");
        media(200);
        CallSummary summary = hangUp();
        var expected = List.of(
                "told " + List.of(new ClientEvent.ItemCreate(java.util.Optional.empty(), "user",
                        "The caller pressed 4 on the phone's keypad.", java.util.Optional.of("item_key_1")),
                        new ClientEvent.ResponseCreate()),
                "mail " + List.of("caller: I would like to book a table.", "assistant: For how many people? Press a number.",
                        "caller: [pressed 4]"),
                "dtmf 1");
        var actual = List.of("told " + told, "mail " + rendered(summary), "dtmf " + summary.counters().get("dtmf"));
        System.out.printf("a key press:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    @Test
    void aHangUpWhileTheReplyIsStillBeingGeneratedKeepsTheWordsHeardSoFar() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 1_000, "Certainly. Thursday has");
        media(1_000);
        echoMarks(); // all of it played; the rest of the reply (and its final text) never comes: the caller hangs up

        var summary = hangUp();

        List<String> expected = List.of("caller: What times are free on Thursday?", "assistant: Certainly. Thursday has [cut off]");
        System.out.println("hang-up mid-generation: expected " + expected + ", actual " + rendered(summary));
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aHangUpWhileAWholeReplyIsStillPlayingKeepsTheShareHeard() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 2_000, "One two three four five six seven eight nine ten.");
        replyDone("item_a1", "One two three four five six seven eight nine ten.");
        media(1_000); // Twilio has played 1 s of the 2 s when the caller hangs up

        var summary = hangUp();

        // Half of the text's 49 characters, rounded, is 25: inside "six" (24–26), a word begun, so kept.
        List<String> expected = List.of("caller: What times are free on Thursday?",
                "assistant: One two three four five six [cut off]");
        System.out.println("hang-up mid-playback: expected " + expected + ", actual " + rendered(summary));
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aReplyWhoseAudioNeverReachedTwilioIsLeftOutAtTheHangUp() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 0, "Certainly."); // words generated, no audio yet: the caller hangs up

        var summary = hangUp();

        List<String> expected = List.of("caller: What times are free on Thursday?");
        System.out.println("hang-up before any reply audio: expected " + expected + ", actual " + rendered(summary));
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aReplyHeardToItsEndStaysWholeAtTheHangUp() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 1_000, "Nine and two thirty.");
        replyDone("item_a1", "Nine and two thirty.");
        media(1_500);
        echoMarks();

        var summary = hangUp();

        List<String> expected = List.of("caller: What times are free on Thursday?", "assistant: Nine and two thirty.");
        System.out.println("hang-up after the reply: expected " + expected + ", actual " + rendered(summary));
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aReplyCutByTheCallerKeepsItsFinalShareOnceLaterRepliesBegin() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 2_000, "One two three four five six seven eight nine ten.");
        media(1_000);
        callerSays("item_c2", "item_a1", "Sorry, which one?"); // barge-in 1 s into the 2 s generated so far
        replyAudio("item_a1", 1_000, ""); // late deltas of the cut reply: dropped, but its text covers them
        replyDone("item_a1", "One two three four five six seven eight nine ten.");
        replyStarts("item_a2", "item_c2");
        replyAudio("item_a2", 500, "Nine.");
        replyDone("item_a2", "Nine.");
        media(1_000);
        callerSays("item_c3", "item_a2", "Thank you.");
        replyStarts("item_a3", "item_c3"); // the call forgets item_a1's playback here
        replyAudio("item_a3", 500, "Goodbye.");
        replyDone("item_a3", "Goodbye.");
        media(1_000);
        echoMarks();

        var summary = hangUp();

        // 1 s heard of 3 s generated: a third of the 49 characters, rounded, is 16, inside "four" (14–17).
        List<String> expected = List.of("caller: What times are free on Thursday?",
                "assistant: One two three four [cut off]", "caller: Sorry, which one?", "assistant: Nine.",
                "caller: Thank you.", "assistant: Goodbye.");
        System.out.println("cut reply, then another: expected " + expected + ", actual " + rendered(summary));
        assertEquals(expected, rendered(summary));
    }

    private long audioSentToTwilio() {
        return toTwilio.stream().filter(TwilioCommand.Media.class::isInstance).count() * 20;
    }

    private List<ClientEvent> truncates() {
        return toSessions.stream().flatMap(List::stream).filter(ClientEvent.ItemTruncate.class::isInstance).toList();
    }

    @Test
    void aCallerWhoSpeaksBeforeAnyReplyAudioCameHearsNoneOfItAndTheMailSaysItWasCutOff() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 0, "Certainly.");
        int commandsBefore = toTwilio.size();
        callerSays("item_c2", "item_a1", "Actually, Friday."); // the server cancels the reply (interrupt_response)
        replyAudio("item_a1", 400, " Thursday"); // deltas already in flight when it did
        replyDone("item_a1", "Certainly. Thursday");
        List<TwilioCommand> after = toTwilio.subList(commandsBefore, toTwilio.size());

        var summary = hangUp();

        List<String> expected = List.of("caller: What times are free on Thursday?", "assistant: … [cut off]",
                "caller: Actually, Friday.");
        System.out.printf("speech before any reply audio: expected no audio, clear or truncate after it, turns %s; "
                + "actual %d commands to Twilio, truncates %s, turns %s%n", expected, after.size(), truncates(), rendered(summary));
        assertEquals(List.of(), after);
        assertEquals(List.of(), truncates());
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aCallerWhoSpeaksWhenAllAudioSoFarHasPlayedStopsTheRestAndTheModelHearsWhereTheyWere() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 400, "Certainly."); // generation slower than real time: all of it plays
        media(600);
        echoMarks();
        callerSays("item_c2", "item_a1", "Actually, Friday.");
        long sentAtCut = audioSentToTwilio();
        replyAudio("item_a1", 400, " Thursday"); // in flight when the server cancelled
        replyDone("item_a1", "Certainly. Thursday");

        var summary = hangUp();

        // 400 ms heard of 800 ms generated: half of "Certainly. Thursday" (19 characters) is 10, the space after "Certainly.".
        List<String> expected = List.of("caller: What times are free on Thursday?", "assistant: Certainly. [cut off]",
                "caller: Actually, Friday.");
        List<ClientEvent> expectedTruncates = List.of(new ClientEvent.ItemTruncate("item_a1", 0, 400));
        System.out.printf("speech after the audio so far played out: expected 400 ms sent, truncates %s, turns %s; actual "
                + "%d ms sent, truncates %s, turns %s%n", expectedTruncates, expected, audioSentToTwilio(), truncates(), rendered(summary));
        assertEquals(List.of(400L, 400L), List.of(sentAtCut, audioSentToTwilio()));
        assertEquals(expectedTruncates, truncates());
        assertEquals(expected, rendered(summary));
    }

    @Test
    void aBargeInOnALostSessionsAudioClearsTwilioButTruncatesNothingInTheNewSession() {
        startCall();
        sessionOpens(1);
        callerSays("item_c1", null, "What times are free on Thursday?");
        replyStarts("item_a1", "item_c1");
        replyAudio("item_a1", 4_000, "Certainly. Thursday has free slots");
        sessions.getLast().onRealtimeClosed(1006, "connection reset"); // Twilio still holds most of the 4 s
        media(20); // the next tick redials (no backoff in this test)
        assertEquals(2, sessions.size(), "a second session was dialled");
        sessionOpens(2);
        // The seed: the caller's turn and the reply's words so far, as text items.
        server("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_k1\",\"previous_item_id\":null,\"item\":{\"id\":"
                + "\"item_s1\",\"type\":\"message\",\"role\":\"user\",\"content\":[]}}");
        server("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_k2\",\"previous_item_id\":\"item_s1\",\"item\":{\"id\":"
                + "\"item_s2\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
        media(1_980); // 2 s of the lost session's 4 s reply played
        int commandsBefore = toTwilio.size();

        callerSays("item_c2", "item_s2", "Thursday at nine, please."); // half of "Certainly. Thursday has free slots" heard

        List<ClientEvent> truncates = truncates();
        boolean cleared = toTwilio.subList(commandsBefore, toTwilio.size()).stream().anyMatch(TwilioCommand.Clear.class::isInstance);
        var summary = hangUp();
        System.out.printf("barge-in on a lost session's reply: expected Twilio cleared, no truncate, 1 skipped; actual "
                + "cleared %s, truncates %s, skipped %s; turns %s%n", cleared, truncates,
                summary.counters().get("truncatesSkipped"), rendered(summary));
        assertEquals(true, cleared);
        assertEquals(List.of(), truncates);
        assertEquals(1L, summary.counters().get("truncatesSkipped"));
        assertEquals(List.of("caller: What times are free on Thursday?", "assistant: Certainly. Thursday [cut off]",
                "caller: Thursday at nine, please."), rendered(summary));
    }
}
