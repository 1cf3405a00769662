package dev.callbridge.simulator.twilio;

import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.simulator.net.Loops;
import dev.callbridge.simulator.net.WsClient;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays Twilio's side of one call, as Twilio does it: asks the voice webhook for TwiML, opens the Media Stream it
 * names, sends {@code connected} and {@code start}, then a 20 ms μ-law frame every 20 ms (deadlines from the
 * call's start, so a late tick never accumulates), plays received audio back in real time and echoes each mark
 * when the audio before it has played (at once after a {@code clear}). The caller speaks the script's caller lines,
 * waits for each reply to finish playing, pauses, and goes on until the script is done and the minimum duration
 * has passed; then it sends {@code stop}.
 *
 * <p>The webhook runs on the calling thread; the call itself runs on its socket's event loop (a tick every 20 ms
 * and a handler for what the bridge sends), so that hundreds of calls take a few threads and little CPU from the
 * bridge they measure. {@link #call} waits for the result.
 */
public final class TwilioCaller {
    private static final int FRAME_BYTES = 160;
    private static final long FRAME_NANOS = 20_000_000L;
    /**
     * A reply is over when playback has been idle this long after audio arrived (1.5 s: a shorter wait mistook a
     * stall under load for the end of a reply and talked over the rest, a real barge-in the bridge duly cut).
     */
    private static final int REPLY_IDLE_FRAMES = 75;
    private static final int REPLY_TIMEOUT_FRAMES = 750;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final HttpClient http;
    private final Loops loops;
    private final URI bridge;
    private final CallScript script;
    private final Duration minDuration;
    private final String callSid;
    private final Random random;
    private final Optional<RelayProbe> probe;
    private final Optional<TwilioSigner> signer;
    private boolean repeatScript = true;

    private enum Phase { PAUSE, SPEAKING, WAITING, DONE }

    /** As below, on the process's shared simulator loop. */
    public TwilioCaller(HttpClient http, URI bridge, CallScript script, Duration minDuration, String callSid, long seed,
                        Optional<RelayProbe> probe, Optional<TwilioSigner> signer) {
        this(http, Loops.shared(), bridge, script, minDuration, callSid, seed, probe, signer);
    }

    /**
     * @param http   posts the voice webhook
     * @param loops  runs the call's socket and its 20 ms ticks
     * @param signer signs the webhook and the stream handshake as Twilio does; empty sends no signatures
     */
    public TwilioCaller(HttpClient http, Loops loops, URI bridge, CallScript script, Duration minDuration,
                        String callSid, long seed, Optional<RelayProbe> probe, Optional<TwilioSigner> signer) {
        this.http = http;
        this.loops = loops;
        this.bridge = bridge;
        this.script = script;
        this.minDuration = minDuration;
        this.callSid = callSid;
        this.random = new Random(seed);
        this.probe = probe;
        this.signer = signer;
    }

    /**
     * Speaks the script once and then stays silent until the minimum duration (instead of starting it over): a
     * caller who goes quiet, for the session's idle timeout. Set before {@link #call}.
     */
    public TwilioCaller onePassThenSilence() {
        repeatScript = false;
        return this;
    }

    public CallResult call() {
        long start = System.nanoTime();
        var conversation = new Conversation();
        try {
            TwiML twiml = TwiML.parse(TwilioSide.webhook(http, bridge.resolve("/twilio/voice"), callSid, signer));
            URI url = twiml.streamUrl();
            WsClient.Connection ws = WsClient.connect(loops, url, TwilioSide.handshakeHeaders(url, signer), conversation)
                    .get(15, TimeUnit.SECONDS);
            ws.eventLoop().execute(() -> conversation.begin(ws, twiml));
            conversation.finished.join();
        } catch (ExecutionException e) {
            conversation.failed("call failed: " + e.getCause());
        } catch (Exception e) {
            conversation.failed("call failed: " + e);
        }
        return conversation.result(Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * How far a player whose 20 ms ticks began {@code elapsedNanos} ago and ran {@code ticksRun} times is behind real
     * time: the ticks due by now (one at the start, one per 20 ms after) less those that ran, in ms, bounded by the
     * {@code heldMs} of audio it holds (a player on time could not have played more). 0 unless its loop was late.
     */
    static long lateMs(long elapsedNanos, long ticksRun, long heldMs) {
        long due = elapsedNanos / FRAME_NANOS + 1;
        return Math.min(Math.max(0, (due - ticksRun) * 20), heldMs);
    }

    /** Faults the stand-in injected into this call so far (0 without a probe). */
    private long faults() {
        return probe.map(p -> p.call(callSid).faults()).orElse(0L);
    }

    /**
     * The call once its socket is open. Confined to the socket's event loop, except {@link #failed} and
     * {@link #result}, which the calling thread uses only before the socket opened or after {@link #finished}.
     */
    private final class Conversation implements WsClient.Listener {
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private final List<String> problems = new ArrayList<>();
        private final ExpectedTranscript expected = new ExpectedTranscript();
        private final List<CallResult.Clear> clears = new ArrayList<>();
        private final ArrayDeque<Object> playback = new ArrayDeque<>(); // Integer bytes of audio, or String mark names
        private final byte[] silence = new byte[FRAME_BYTES];
        private long framesSent;
        private long outboundMsReceived;
        private long marksEchoed;
        private WsClient.Connection ws;
        private String streamSid;
        private ScheduledFuture<?> ticker;
        private ScheduledFuture<?> closeTimeout;
        private String closedBy; // the bridge's close status and reason, once heard
        private boolean hangingUp;
        private long seq = 2;
        private long t0;
        private long k;
        private Phase phase = Phase.PAUSE;
        private long phaseUntil = 25; // half a second of line noise before the caller speaks
        private int exchange;
        private int clipPos;
        private long waitSince;
        private long lastAudioFrame = -1;
        private long outAtSpeechEnd;
        private long replyPlayedBytes; // of the reply being played since the caller last finished a line
        private long faultsBefore; // faults the stand-in had injected into this call when the current line began

        Conversation() {
            Arrays.fill(silence, MuLaw.SILENCE);
        }

        void begin(WsClient.Connection socket, TwiML twiml) {
            ws = socket;
            if (closedBy != null) {
                return; // closed during the handshake's last step; onClose already finished the call
            }
            streamSid = "MZ" + callSid.substring(2);
            send(new TwilioEvent.Connected("Call", "1.0.0"));
            send(new TwilioEvent.Start(1, streamSid, "ACsimulator", callSid, List.of("inbound"),
                    twiml.parameters(), TwilioEvent.MediaFormat.MULAW_8K));
            ws.flush();
            t0 = System.nanoTime();
            // Netty keeps fixed-rate deadlines from the first one: a late tick is followed by prompt ones.
            ticker = ws.eventLoop().scheduleAtFixedRate(this::tick, 0, FRAME_NANOS, TimeUnit.NANOSECONDS);
        }

        /** Decodes what the bridge sends as it arrives (so latency is measured at arrival, not at the next tick). */
        @Override
        public void onText(String text) {
            TwilioCommand command;
            try {
                command = MediaStreamCodec.decodeCommand(text);
            } catch (RuntimeException e) {
                problems.add("Twilio would reject what the bridge sent: " + e.getMessage());
                return;
            }
            switch (command) {
                case TwilioCommand.Media m -> {
                    int bytes = AudioStage.decodedLength(m.payload());
                    probe.ifPresent(p -> p.outboundReceived(callSid, bytes / 8));
                    playback.addLast(bytes);
                    outboundMsReceived += bytes / 8;
                    lastAudioFrame = k;
                    expected.replyResumed(); // if the caller had taken a stall for the last reply's end
                }
                case TwilioCommand.Mark m -> playback.addLast(m.name());
                case TwilioCommand.Clear c -> {
                    clears.add(new CallResult.Clear(replyPlayedBytes / 8,
                            probe.map(p -> p.msSinceSpeechStarted(callSid)).orElse(-1L), playerLateMs(),
                            probe.map(p -> p.inboundLagSinceSpeechMs(callSid)).orElse(0L)));
                    playback.removeIf(e -> e instanceof Integer);
                    probe.ifPresent(p -> p.outboundCleared(callSid));
                }
            }
        }

        private long playerLateMs() {
            long heldBytes = playback.stream().mapToLong(e -> e instanceof Integer bytes ? bytes : 0).sum();
            return lateMs(System.nanoTime() - t0, k, heldBytes / 8);
        }

        @Override
        public void onClose(int status, String reason) {
            closedBy = TwilioSide.closeStatus(status, reason);
            if (!hangingUp) {
                problems.add("stream closed by the bridge mid-call: " + closedBy);
            }
            end();
        }

        private void tick() {
            try {
                playTwentyMs();
                byte[] frame = caller();
                if (phase == Phase.DONE) {
                    send(new TwilioEvent.Stop(seq, streamSid, "ACsimulator", callSid));
                    ws.flush();
                    hangUp();
                    return;
                }
                long index = k;
                probe.ifPresent(p -> p.frameSending(callSid, index)); // the relay may beat the send's return
                send(new TwilioEvent.Media(seq++, streamSid, "inbound", k + 1, k * 20,
                        Base64.getEncoder().encodeToString(frame)));
                ws.flush();
                probe.ifPresent(p -> p.frameSent(callSid));
                framesSent++;
                k++;
            } catch (RuntimeException e) {
                problems.add("call failed: " + e);
                hangUp();
            }
        }

        /** Twilio plays 20 ms of what it holds, echoing marks as it reaches them. */
        private void playTwentyMs() {
            int budget = FRAME_BYTES;
            while (!playback.isEmpty()) {
                Object head = playback.peekFirst();
                if (head instanceof String mark) {
                    playback.pollFirst();
                    send(new TwilioEvent.Mark(seq++, streamSid, mark));
                    marksEchoed++;
                } else if (budget == 0) {
                    break;
                } else {
                    int left = (Integer) playback.pollFirst();
                    int used = Math.min(left, budget);
                    budget -= used;
                    if (left > used) {
                        playback.addFirst(left - used);
                    }
                }
            }
            replyPlayedBytes += FRAME_BYTES - budget;
        }

        /** The caller's next 20 ms, moving through the script. */
        private byte[] caller() {
            byte[] frame = silence;
            switch (phase) {
                case PAUSE -> {
                    if (k >= phaseUntil) {
                        boolean scriptDone = exchange >= script.exchanges();
                        if (scriptDone && Duration.ofNanos(System.nanoTime() - t0).compareTo(minDuration) >= 0) {
                            phase = Phase.DONE;
                        } else if (scriptDone && !repeatScript) {
                            phaseUntil = k + 1; // silence until the minimum duration
                        } else {
                            phase = Phase.SPEAKING;
                            clipPos = 0;
                            faultsBefore = faults();
                        }
                    }
                }
                case SPEAKING -> frame = speak();
                case WAITING -> await();
                case DONE -> { }
            }
            return frame;
        }

        private byte[] speak() {
            byte[] clip = script.caller(exchange).mulaw();
            byte[] frame = Arrays.copyOfRange(clip, clipPos, clipPos + FRAME_BYTES);
            if (clipPos + FRAME_BYTES > clip.length) {
                Arrays.fill(frame, clip.length - clipPos, FRAME_BYTES, MuLaw.SILENCE);
            }
            clipPos += FRAME_BYTES;
            if (clipPos >= clip.length) {
                phase = Phase.WAITING;
                expected.waiting();
                waitSince = k;
                outAtSpeechEnd = outboundMsReceived;
                replyPlayedBytes = 0;
            }
            return frame;
        }

        private void await() {
            boolean replied = outboundMsReceived > outAtSpeechEnd;
            boolean playing = playback.stream().anyMatch(e -> e instanceof Integer);
            CallScript.Line next = script.caller(exchange + 1);
            boolean lastOfPass = exchange + 1 >= script.exchanges();
            if (!lastOfPass && next.interrupts() && replyPlayedBytes / 8 >= next.interruptAtMs()) {
                // Talk over the reply: it must come out cut, marked interrupted, and truncated at what was heard.
                expectExchange(true);
                phase = Phase.SPEAKING;
                clipPos = 0;
                faultsBefore = faults();
            } else if (replied && !playing && k - lastAudioFrame >= REPLY_IDLE_FRAMES) {
                expectExchange(false);
                phase = Phase.PAUSE;
                phaseUntil = k + 10 + random.nextInt(20);
            } else if (k - waitSince > REPLY_TIMEOUT_FRAMES) {
                problems.add("no reply to exchange " + exchange + " (\"" + script.caller(exchange).text() + "\")");
                expected.unanswered(script.caller(exchange).text(), faultsBefore, faults());
                exchange++;
                phase = Phase.PAUSE;
                phaseUntil = k + 30;
            }
        }

        private void expectExchange(boolean interrupted) {
            expected.exchange(script.caller(exchange).text(), script.assistant(exchange).text(), interrupted,
                    faultsBefore, faults());
            exchange++;
        }

        /** Hangs up as Twilio does: closes our side and waits for the bridge's close, which must be a normal one. */
        private void hangUp() {
            hangingUp = true;
            if (ticker != null) {
                ticker.cancel(false);
            }
            ws.close(1000, "stop");
            closeTimeout = ws.eventLoop().schedule(() -> {
                closedBy = "no close from bridge";
                ws.abort();
                end();
            }, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }

        private void end() {
            if (finished.isDone()) {
                return;
            }
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (closeTimeout != null) {
                closeTimeout.cancel(false);
            }
            TwilioSide.expectNormalClose(closedBy, "stream", problems);
            finished.complete(null);
        }

        private void send(TwilioEvent event) {
            ws.send(MediaStreamCodec.encodeEvent(event));
        }

        void failed(String problem) {
            synchronized (this) {
                problems.add(problem);
            }
        }

        CallResult result(Duration length) {
            synchronized (this) {
                expected.settle(faults());
                return new CallResult(callSid, script.name(), expected.turns(), framesSent, outboundMsReceived, marksEchoed,
                        clears, length, problems);
            }
        }
    }
}
