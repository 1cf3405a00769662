package dev.callbridge.bridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The call core behind its seam, with a voice API that is not Realtime: a scripted one that reports
 * {@link VoiceEvents} directly. Whatever API answers, the call relays the caller's frames to it, plays its replies
 * to Twilio with marks, clears Twilio and asks the API to truncate when the caller talks over a reply, and mails the
 * transcript as heard. (The Realtime adapter behind the same seam is checked in {@code realtime.ReplyCutShortTest}.)
 */
class VoiceSeamTest {
    private static final String STREAM = "MZseam";
    private static final String FRAME = Base64.getEncoder().encodeToString(filled(160));
    private static final String CHUNK_100_MS = Base64.getEncoder().encodeToString(filled(800));

    /** A voice API in memory: it keeps what the call gave it; the test speaks for it through {@link #events}. */
    private static final class ScriptedVoice implements VoiceApi, VoiceSession {
        VoiceEvents events;
        int appended;
        final List<String> truncates = new ArrayList<>();
        final List<String> keypads = new ArrayList<>();
        boolean closed;

        @Override
        public VoiceSession start(String callId, VoiceEvents callEvents) {
            this.events = callEvents;
            return this;
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void open() {}

        @Override
        public void append(long timestampMs, String mulaw) {
            appended++;
        }

        @Override
        public void tick(BooleanSupplier quiet) {}

        @Override
        public boolean truncate(String itemId, long heardMs) {
            truncates.add(itemId + "@" + heardMs);
            return true;
        }

        @Override
        public void keypad(String digit, boolean reply) {
            keypads.add(digit + (reply ? " with a reply" : " without"));
        }

        @Override
        public boolean everEstablished() {
            return true;
        }

        @Override
        public String giveUp(String reason) {
            return reason;
        }

        @Override
        public Optional<String> gaveUp() {
            return Optional.empty();
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public void addCounters(Map<String, Long> counters) {
            counters.put("scriptedSessions", 1L);
        }

        @Override
        public void close() {
            closed = true;
        }

        /** Something the API reports from its own socket: under the call's lock, as a real API's would be. */
        void says(Runnable report) {
            events.whileActive(report);
        }
    }

    private long nanos;
    private long mediaMs;
    private int seq;

    @Test
    void anyVoiceApiBehindTheSeamGetsTheSameCall() {
        var twilio = new RecordingTwilioPort();
        var voice = new ScriptedVoice();
        List<CallSummary> mailed = new ArrayList<>();
        var settings = new CallSettings("seam", Optional.empty(), 0, Optional.empty(),
                new CallSettings.Limits(Duration.ofMinutes(5), Duration.ofSeconds(5)), filled(8),
                new CallJournal(Optional.empty()), Transcript.KEPT_TURNS);
        var call = new CallSession("socket-1", settings, twilio,
                CallProfile.only(new CallProfile("seam", voice, Duration.ofHours(1), false)), (summary, origin) -> mailed.add(summary),
                Clock.fixed(Instant.parse("2026-12-08T09:00:00Z"), ZoneOffset.UTC), () -> nanos, new CallRegistry());

        call.onTwilio(new TwilioEvent.Start(seq++, STREAM, "ACseam", "CAseam", List.of("inbound"), Map.of(),
                TwilioEvent.MediaFormat.MULAW_8K));
        media(call, 10);
        voice.says(() -> voice.events.callerSpeechStarted("c1", 0));
        voice.says(() -> voice.events.callerCommitted("c1", Optional.empty()));
        voice.says(() -> voice.events.callerText("c1", "What are your opening hours?"));
        voice.says(() -> voice.events.replyCreated());
        voice.says(() -> voice.events.replyStarted("a1", Optional.of("c1")));
        voice.says(() -> voice.events.replyText("a1", "We open at nine and close at five.", true));
        for (int i = 0; i < 10; i++) { // a second of reply audio, 100 ms a chunk
            voice.says(() -> voice.events.replyAudio("a1", CHUNK_100_MS));
        }
        List<String> marks = twilio.sent.stream().filter(TwilioCommand.Mark.class::isInstance)
                .map(c -> ((TwilioCommand.Mark) c).name()).toList();
        call.onTwilio(new TwilioEvent.Mark(seq++, STREAM, marks.get(3))); // the caller has heard 400 ms
        media(call, 5);
        voice.says(() -> voice.events.callerSpeechStarted("c2", mediaMs)); // and talks over the rest
        voice.says(() -> voice.events.replyDone(12, 34));
        voice.says(() -> voice.events.callerCommitted("c2", Optional.of("a1")));
        voice.says(() -> voice.events.callerText("c2", "And on Sundays?"));
        call.onTwilio(new TwilioEvent.Dtmf(seq++, STREAM, "inbound_track", "5"));
        voice.says(() -> voice.events.callerKeypad("k1", Optional.of("c2"), "5"));
        call.onTwilio(new TwilioEvent.Stop(seq++, STREAM, "ACseam", "CAseam"));

        long media = twilio.sent.stream().filter(TwilioCommand.Media.class::isInstance).count();
        long clears = twilio.sent.stream().filter(TwilioCommand.Clear.class::isInstance).count();
        CallSummary summary = mailed.getFirst();
        String expected = "15 frames to the API; 10 media + 10 marks to Twilio, 1 clear; truncates [a1@400]; "
                + "turns [CALLER What are your opening hours?, ASSISTANT (interrupted) We open at nine, "
                + "CALLER And on Sundays?, CALLER [pressed 5]]; keypad [5 with a reply]; "
                + "scriptedSessions 1, bargeIns 1, outputTokens 34; closed true";
        String actual = voice.appended + " frames to the API; " + media + " media + " + marks.size()
                + " marks to Twilio, " + clears + " clear; truncates " + voice.truncates + "; turns "
                + summary.turns().stream().map(t -> t.speaker() + (t.interrupted() ? " (interrupted) " : " ") + t.text()).toList()
                + "; keypad " + voice.keypads + "; scriptedSessions " + summary.counters().get("scriptedSessions") + ", bargeIns "
                + summary.counters().get("bargeIns") + ", outputTokens " + summary.counters().get("outputTokens")
                + "; closed " + voice.closed;
        System.out.printf("a voice API behind the seam:%n  expected %s%n  actual   %s%n", expected, actual);
        assertEquals(expected, actual);
    }

    /**
     * The call token binds the persona the webhook chose: a stream that claims another persona is refused, and so
     * is one whose persona the bridge does not have.
     */
    @Test
    void aStreamGetsOnlyThePersonaItsTokenWasMintedFor() {
        CallAuthenticator tokens = (subject, token) -> token.equals("minted:" + subject);
        var voice = new ScriptedVoice();
        var settings = new CallSettings("seam", Optional.empty(), 0, Optional.of(tokens),
                new CallSettings.Limits(Duration.ofMinutes(5), Duration.ofSeconds(5)), filled(8),
                new CallJournal(Optional.empty()), Transcript.KEPT_TURNS);
        CallProfile.Lookup profiles = persona -> persona.equals("bikes") || persona.equals("reception")
                ? Optional.of(new CallProfile(persona, voice, Duration.ofHours(1), false)) : Optional.empty();
        List<String> closes = new ArrayList<>();
        for (String[] claim : List.of(new String[] {"bikes", "bikes"}, new String[] {"bikes", "reception"},
                new String[] {"nobody", "nobody"})) {
            var twilio = new RecordingTwilioPort();
            var call = new CallSession("socket-" + claim[0], settings, twilio, profiles, (summary, origin) -> { },
                    Clock.systemUTC(), () -> nanos, new CallRegistry());
            call.onTwilio(new TwilioEvent.Start(0, STREAM, "ACseam", "CAseam", List.of("inbound"),
                    Map.of("persona", claim[0], "token", "minted:" + CallAuthenticator.voiceSubject("CAseam", claim[1])),
                    TwilioEvent.MediaFormat.MULAW_8K));
            call.onTwilio(new TwilioEvent.Stop(1, STREAM, "ACseam", "CAseam"));
            closes.add(claim[0] + " with a token for " + claim[1] + ": " + twilio.closes);
        }
        List<String> expected = List.of("bikes with a token for bikes: [1000 twilio-stop]",
                "bikes with a token for reception: [1008 failed: missing or invalid call token]",
                "nobody with a token for nobody: [1008 failed: unknown persona 'nobody']");
        System.out.printf("persona claims:%n  expected %s%n  actual   %s%n", expected, closes);
        assertEquals(expected, closes);
    }

    private void media(CallSession call, int frames) {
        for (int i = 0; i < frames; i++) {
            call.onTwilio(new TwilioEvent.Media(seq++, STREAM, "inbound", mediaMs / 20 + 1, mediaMs, FRAME));
            mediaMs += 20;
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }
}
