package dev.callbridge.bridge.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reconnect, reseed, replay and rollover of one call's OpenAI sessions, on a fake ticker and in-memory legs. */
class RealtimeSessionsTest {
    private static final SessionConfig SESSION = new SessionConfig("gpt-realtime-2.1", "Be brief.", "marin", AudioFormat.PCMU,
            AudioFormat.PCMU, List.of("audio"), Optional.empty(), Optional.empty());
    private static final Reconnect POLICY = new Reconnect(3, 2, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofMinutes(50), Duration.ofMillis(100)); // replay: 5 frames

    private long nowNanos = 5_000_000_000L;
    private final List<RecordingRealtimePort> legs = new ArrayList<>();
    private List<Transcript.Spoken> conversation = List.of();

    /** The labels of the audio {@code leg} was sent ({@link #b64} makes them). */
    private static List<String> audio(RecordingRealtimePort leg) {
        return leg.sent.stream().filter(ClientEvent.InputAudioAppend.class::isInstance)
                .map(e -> new String(Base64.getDecoder().decode(((ClientEvent.InputAudioAppend) e).audio()),
                        StandardCharsets.UTF_8)).toList();
    }

    /** A label as append audio (which is base64 by contract); {@link #audio} reads the labels back. */
    private static String b64(String label) {
        return Base64.getEncoder().encodeToString(label.getBytes(StandardCharsets.UTF_8));
    }

    private RealtimeSessions sessions(Reconnect policy) {
        return new RealtimeSessions("CA1", (callId, listener) -> {
            var leg = new RecordingRealtimePort();
            legs.add(leg);
            return leg;
        }, policy, () -> nowNanos, new SplittableRandom(1), new PassthroughAudio(), PassthroughAudio::new, host);
    }

    private final RealtimeSessions.Host host = new RealtimeSessions.Host() {
        @Override
        public Reseed.Seed seed(boolean afterLoss) {
            return Reseed.of(SESSION, conversation, afterLoss);
        }

        @Override
        public RealtimeListener listener(int generation) {
            return null;
        }
    };
    private final RealtimeSessions sessions = sessions(POLICY);

    private void advanceMs(long ms) {
        nowNanos += ms * 1_000_000;
    }

    @Test
    void aLostSessionIsRedialledAfterABackoffSeededAndGivenTheCallerAudioOfTheGap() {
        sessions.open();
        sessions.established(1);
        sessions.append(0, b64("f0"));
        sessions.append(20, b64("f1"));
        conversation = List.of(new Transcript.Spoken("item_a", Turn.Speaker.CALLER, "What time do you open?"));

        assertTrue(sessions.lost(1, "realtime-closed 1006"));
        sessions.append(40, b64("f2")); // in the gap: kept
        sessions.send(new ClientEvent.ItemTruncate("item_b", 0, 300)); // names the lost session's item: dropped
        sessions.tick(() -> true);
        assertEquals(1, legs.size(), "no redial before the backoff (100–200 ms for the first retry)");
        advanceMs(200);
        sessions.tick(() -> true);

        assertEquals(2, legs.size());
        RecordingRealtimePort next = legs.get(1);
        System.out.println("after the loss: " + next.sent);
        assertEquals(new ClientEvent.SessionUpdate(SESSION), next.sent.getFirst());
        assertEquals(new ClientEvent.ItemCreate(Optional.empty(), "user", "What time do you open?"), next.sent.get(1));
        assertEquals(new ClientEvent.ResponseCreate(), next.sent.get(2), "the lost session never answered the caller");
        assertEquals(List.of("f0", "f1", "f2"), audio(next), "uncommitted audio and the gap's, in order");
        assertEquals(0, sessions.originMs(2), "audio offset 0 of the new session is the first replayed frame");
        assertTrue(legs.get(0).closed);
        assertEquals(RealtimeSessions.Role.STALE, sessions.role(1));
        assertEquals(RealtimeSessions.Role.CURRENT, sessions.role(2));

        assertTrue(sessions.acknowledged(2, "item_new"), "the seed's copy of the caller turn");
        assertFalse(sessions.acknowledged(2, "item_later"), "a new item of the conversation");

        Map<String, Long> counters = new LinkedHashMap<>();
        sessions.addCounters(counters);
        assertEquals(Map.of("realtimeSessions", 2L, "realtimeReconnects", 1L, "eventsDroppedInGap", 1L), counters);
    }

    @Test
    void audioOverTheReplayBoundIsDroppedAndCountedNeverSilently() {
        sessions.open();
        sessions.established(1);
        sessions.lost(1, "gone");
        for (int i = 0; i < 8; i++) {
            sessions.append(i * 20L, b64("f" + i));
        }
        advanceMs(1_000);
        sessions.tick(() -> true);
        assertEquals(List.of("f3", "f4", "f5", "f6", "f7"), audio(legs.get(1)));
        Map<String, Long> counters = new LinkedHashMap<>();
        sessions.addCounters(counters);
        System.out.println("counters: " + counters);
        assertEquals(3L, counters.get("callerFramesDroppedInGap"));
    }

    @Test
    void whileNoOneSpeaksOnlyTheLastHalfSecondIsKeptForAReplayAndAnUtteranceWhole() {
        var roomy = sessions(new Reconnect(3, 2, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(50),
                Duration.ofSeconds(15)));
        roomy.open();
        roomy.established(1);
        for (int i = 0; i < 100; i++) {
            roomy.append(i * 20L, b64("quiet" + i));
        }
        roomy.speechStarted();
        for (int i = 100; i < 300; i++) {
            roomy.append(i * 20L, b64("spoken" + i));
        }
        roomy.lost(1, "dropped mid-utterance");
        advanceMs(1_000);
        roomy.tick(() -> true);
        List<String> replayed = audio(legs.get(1));
        System.out.printf("replayed: expected %d quiet + 200 spoken frames, actual %d (first %s)%n",
                RealtimeSessions.QUIET_FRAMES, replayed.size(), replayed.getFirst());
        assertEquals(RealtimeSessions.QUIET_FRAMES + 200, replayed.size());
        assertEquals("quiet" + (100 - RealtimeSessions.QUIET_FRAMES), replayed.getFirst());
    }

    @Test
    void committedAudioIsNotReplayed() {
        sessions.open();
        sessions.established(1);
        sessions.append(0, b64("spoken"));
        sessions.committed("u1");
        sessions.transcribed("u1");
        sessions.append(20, b64("after"));
        sessions.lost(1, "gone");
        advanceMs(1_000);
        sessions.tick(() -> true);
        assertEquals(List.of("after"), audio(legs.get(1)));
    }

    @Test
    void anUtteranceTheLostSessionNeitherTranscribedNorAnsweredIsToldAgain() {
        sessions.open();
        sessions.established(1);
        sessions.speechStarted();
        sessions.append(0, b64("words"));
        sessions.committed("u1"); // then the session died before its transcription and before any reply
        sessions.append(20, b64("after"));
        sessions.lost(1, "gone");
        assertEquals(Optional.of("u1"), sessions.takeReplayedItem(), "the call drops u1: the next session remakes it");
        advanceMs(1_000);
        sessions.tick(() -> true);
        assertEquals(List.of("words", "after"), audio(legs.get(1)));

        sessions.committed("u2");
        sessions.answered(); // a reply is heard: the model had the words
        sessions.lost(2, "gone");
        assertEquals(Optional.empty(), sessions.takeReplayedItem());
    }

    @Test
    void atCallStartTheCallGivesUpAfterFewerAttempts() {
        sessions.open();
        assertTrue(sessions.lost(1, "connect failed: refused"));
        assertTrue(sessions.gaveUp().isEmpty());
        advanceMs(1_000);
        sessions.tick(() -> true);
        sessions.lost(2, "connect failed: refused");
        System.out.println("gave up: " + sessions.gaveUp());
        assertEquals(Optional.of("connect failed: refused (2 attempts)"), sessions.gaveUp());
        assertFalse(sessions.everEstablished());
    }

    @Test
    void midCallAnAnsweredSessionResetsTheAttemptCount() {
        sessions.open();
        sessions.established(1);
        for (int generation = 1; generation <= 4; generation++) {
            sessions.lost(generation, "dropped");
            advanceMs(5_000);
            sessions.tick(() -> true);
            sessions.established(generation + 1);
        }
        assertTrue(sessions.gaveUp().isEmpty(), "each reconnect succeeded, so the drops are not consecutive failures");
        sessions.lost(5, "dropped");
        advanceMs(5_000);
        sessions.tick(() -> true);
        sessions.lost(6, "refused");
        advanceMs(5_000);
        sessions.tick(() -> true);
        sessions.lost(7, "refused");
        assertEquals(Optional.of("refused (3 attempts)"), sessions.gaveUp());
    }

    @Test
    void anOldSessionIsReplacedAtAQuietMomentOnceTheNextHasAcknowledgedItsSeed() {
        sessions.open();
        sessions.established(1);
        conversation = List.of(new Transcript.Spoken("item_a", Turn.Speaker.CALLER, "Hello?"),
                new Transcript.Spoken("item_b", Turn.Speaker.ASSISTANT, "Hi, how can I help?"));
        advanceMs(Duration.ofMinutes(50).toMillis());
        sessions.tick(() -> false);
        assertEquals(1, legs.size(), "not while someone speaks");
        sessions.tick(() -> true);
        assertEquals(2, legs.size(), "the next session is dialled beside the current one");
        assertEquals(RealtimeSessions.Role.PENDING, sessions.role(2));
        assertFalse(legs.get(1).sent.contains(new ClientEvent.ResponseCreate()), "a rollover asks for nothing");

        sessions.append(0, b64("still to the old one"));
        assertEquals(List.of("still to the old one"), audio(legs.get(0)));
        sessions.established(2);
        sessions.tick(() -> true);
        assertEquals(RealtimeSessions.Role.PENDING, sessions.role(2), "its seed items are not acknowledged yet");
        assertTrue(sessions.acknowledged(2, "x1"));
        assertTrue(sessions.acknowledged(2, "x2"));
        sessions.tick(() -> true);

        assertEquals(RealtimeSessions.Role.CURRENT, sessions.role(2));
        assertTrue(legs.get(0).closed);
        assertEquals(List.of(), audio(legs.get(1)), "it takes over in silence: nothing to replay");
        sessions.append(20, b64("to the new one"));
        assertEquals(List.of("to the new one"), audio(legs.get(1)));
        assertEquals(20, sessions.originMs(2));
        Map<String, Long> counters = new LinkedHashMap<>();
        sessions.addCounters(counters);
        assertEquals(Map.of("realtimeSessions", 2L, "realtimeRollovers", 1L), counters);
    }

    @Test
    void aReplacementReadyWhileTheCallIsBusyIsDroppedAndTriedAgainLater() {
        sessions.open();
        sessions.established(1);
        advanceMs(Duration.ofMinutes(51).toMillis());
        sessions.tick(() -> true);
        sessions.established(2);
        sessions.tick(() -> false);
        assertTrue(legs.get(1).closed, "its seed may be out of date");
        assertEquals(RealtimeSessions.Role.CURRENT, sessions.role(1));
        sessions.tick(() -> true);
        assertEquals(3, legs.size());
    }

    @Test
    void backoffDoublesUpToItsCapWithJitter() {
        var random = new SplittableRandom(7);
        for (int failures = 1; failures <= 6; failures++) {
            long cap = Math.min(2_000, 200L << (failures - 1));
            long ms = POLICY.backoffNanos(failures, random) / 1_000_000;
            System.out.printf("attempt %d: expected %d–%d ms, actual %d ms%n", failures + 1, cap / 2, cap, ms);
            assertTrue(ms >= cap / 2 && ms <= cap, "within half and all of the cap");
        }
        assertEquals(0, POLICY.backoffNanos(0, random));
    }
}
