package dev.callbridge.bridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.callbridge.bridge.call.CallProfile;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CallSession;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.call.RecordingTwilioPort;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.realtime.RealtimeListener;
import dev.callbridge.bridge.realtime.RealtimePort;
import dev.callbridge.bridge.realtime.RealtimeVoice;
import dev.callbridge.bridge.realtime.Reconnect;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.bridge.twilio.CallTokens;
import dev.callbridge.bridge.twilio.TwilioStreamEndpoint;
import dev.callbridge.wire.twilio.TwilioEvent;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The call state machine under hostile sequences: the hand-written ones in {@code fuzz/call-sequences} (one event a
 * line: {@code twilio <json>}, {@code openai <json>}, {@code twilio-close <status>}, {@code openai-close <status>}),
 * then seeded random sequences drawn from the Media Streams and Realtime corpora and their mutations. Whatever
 * arrives, the call never throws, closes at most once with a protocol status and a reason, and once Twilio hangs up
 * it has mailed exactly one summary if a call started and none otherwise.
 */
class CallSequenceFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final CallTokens TOKENS = new CallTokens("fuzz-auth-token", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    private static final String TOKEN = TOKENS.mint("CAfuzz");
    private static final Set<Integer> STATUSES = Set.of(1000, 1001, 1003, 1008, 1009, 1011);
    private static final int SEQUENCES = Integer.getInteger("fuzz.sequences", 3_000);
    /** The socket edge that decodes Twilio's frames for a call, as the server runs it. */
    private static final TwilioStreamEndpoint<TwilioEvent> EDGE = TwilioStreamEndpoint.mediaStreams((s, a) -> true,
            socket -> {
                throw new AssertionError("no socket here");
            });

    /** One call with its Twilio and OpenAI legs in memory. */
    private static final class Call {
        final RecordingTwilioPort twilio = new RecordingTwilioPort();
        final List<String> closes = twilio.closes;
        final List<CallSummary> mailed = new ArrayList<>();
        final List<RealtimeListener> sessions = new ArrayList<>();
        final CallRegistry registry = new CallRegistry();
        long nanos;
        final CallSession session;

        /** The ticker: 20 ms further each time it is read. */
        long tick() {
            return nanos += 20_000_000L;
        }

        Call() {
            var settings = new CallSettings("fuzz", Optional.empty(), 1 << 20, Optional.of(TOKENS),
                    new CallSettings.Limits(Duration.ofMinutes(5), Duration.ofSeconds(5)),
                    new byte[] {(byte) 0xFF, (byte) 0xFF}, new CallJournal(Optional.empty()), Transcript.KEPT_TURNS);
            var voice = new RealtimeVoice((callId, listener) -> {
                sessions.add(listener);
                return new RealtimePort() {
                    @Override
                    public void send(ClientEvent event) {}

                    @Override
                    public void close() {}

                    @Override
                    public long dropped() {
                        return 0;
                    }
                };
            }, new SessionConfig("gpt-realtime-2.1", "", "marin", AudioFormat.PCMU, AudioFormat.PCMU, List.of("audio"),
                    Optional.empty(), Optional.empty()), PassthroughAudio::new, Reconnect.DEFAULTS, this::tick);
            session = new CallSession("socket-1", settings, twilio,
                    CallProfile.only(new CallProfile("fuzz", voice, Duration.ofHours(2), false)), (summary, origin) -> mailed.add(summary),
                    Clock.fixed(NOW, ZoneOffset.UTC), this::tick, registry);
        }

        void feed(String line) {
            int space = line.indexOf(' ');
            String kind = space < 0 ? line : line.substring(0, space);
            String body = space < 0 ? "" : line.substring(space + 1).replace("TOKEN", TOKEN);
            switch (kind) {
                case "twilio" -> EDGE.deliver(body, session);
                case "openai" -> sessions.forEach(l -> RealtimeListener.deliver(body, l));
                case "twilio-close" -> session.onTwilioClosed(status(body), "fuzz");
                case "openai-close" -> {
                    if (!sessions.isEmpty()) {
                        sessions.getLast().onRealtimeClosed(status(body), "fuzz");
                    }
                }
                default -> EDGE.deliver(line, session);
            }
        }

        private static int status(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return 1006;
            }
        }

        /** Problems with how the call ended, after Twilio hung up; empty when it kept the contract. */
        List<String> verdict() {
            session.onTwilioClosed(1000, "hung up");
            List<String> problems = new ArrayList<>();
            if (closes.size() > 1) {
                problems.add("closed " + closes.size() + " times: " + closes);
            }
            for (String c : closes) {
                int status = Integer.parseInt(c.substring(0, c.indexOf(' ')));
                if (!STATUSES.contains(status) || c.length() <= 5) {
                    problems.add("close without a protocol status and reason: " + c);
                }
            }
            long started = registry.snapshot().get("callsStarted");
            if (mailed.size() != started) {
                problems.add("started " + started + " call(s) but mailed " + mailed.size());
            }
            if (registry.activeCount() != 0) {
                problems.add("still active after the hang-up");
            }
            return problems;
        }
    }

    private static List<String> run(List<String> lines) {
        Call call = new Call();
        try {
            lines.forEach(call::feed);
            return call.verdict();
        } catch (RuntimeException | StackOverflowError e) {
            return List.of("threw " + e);
        }
    }

    @Test
    void handWrittenHostileSequencesEndOnlyTheirCallAndMailWhatStarted() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(ProtocolFuzzTest.CORPUS.resolve(FuzzCorpus.SEQUENCES))) {
            files = list.sorted().toList();
        }
        Map<String, List<String>> problems = new TreeMap<>();
        for (Path f : files) {
            List<String> p = run(Files.readAllLines(f, StandardCharsets.UTF_8));
            if (!p.isEmpty()) {
                problems.put(f.getFileName().toString(), p);
            }
        }
        System.out.printf("%d hand-written sequences: expected no problem, actual %s%n", files.size(), problems);
        assertEquals(Map.of(), problems);
    }

    @Test
    void randomSequencesOfHostileMessagesNeverBreakTheCall() throws IOException {
        List<String> twilio = ProtocolFuzzTest.corpus(FuzzCorpus.MEDIA);
        List<String> openai = ProtocolFuzzTest.corpus(FuzzCorpus.REALTIME);
        String validStart = FuzzCorpus.mediaSeeds().get("start");
        var random = new SplittableRandom(Long.getLong("fuzz.seed", 20261122L));
        Map<String, List<String>> problems = new TreeMap<>();
        long started = 0;
        for (int n = 0; n < SEQUENCES && problems.size() < 5; n++) {
            List<String> lines = new ArrayList<>();
            if (random.nextInt(4) > 0) {
                lines.add("twilio " + validStart);
                started++;
            }
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                lines.add(switch (random.nextInt(8)) {
                    case 0, 1, 2 -> "twilio " + (random.nextBoolean() ? twilio.get(random.nextInt(twilio.size()))
                            : Mutator.mutate(twilio, random));
                    case 3, 4, 5 -> "openai " + (random.nextBoolean() ? openai.get(random.nextInt(openai.size()))
                            : Mutator.mutate(openai, random));
                    case 6 -> "openai-close " + (1000 + random.nextInt(12));
                    default -> "twilio " + FuzzCorpus.mediaSeeds().get("media");
                });
            }
            List<String> p = run(lines);
            if (!p.isEmpty()) {
                problems.put("sequence " + n + " " + lines.stream().map(l -> l.length() > 100 ? l.substring(0, 100) + "…" : l).toList(), p);
            }
        }
        System.out.printf("%d random sequences (%d opened with a valid start): expected no problem, actual %s%n",
                SEQUENCES, started, problems);
        assertEquals(Map.of(), problems);
    }
}
