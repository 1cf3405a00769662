package dev.callbridge.simulator.twilio;

import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.simulator.script.CallScript;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays Twilio's side of one call, as Twilio does it: asks the voice webhook for TwiML, opens the Media Stream it
 * names, sends {@code connected} and {@code start}, then a 20 ms μ-law frame every 20 ms (deadlines from the
 * call's start, so sleep overshoot never accumulates), plays received audio back in real time and echoes each mark
 * when the audio before it has played (at once after a {@code clear}). The caller speaks the script's caller lines,
 * waits for each reply to finish playing, pauses, and goes on until the script is done and the minimum duration
 * has passed; then it sends {@code stop}. Runs on the calling thread, which is the socket's only sender.
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

    private final HttpClient http;
    private final URI bridge;
    private final CallScript script;
    private final Duration minDuration;
    private final String callSid;
    private final Random random;
    private final Optional<RelayProbe> probe;
    private final Optional<TwilioSigner> signer;

    private enum Phase { PAUSE, SPEAKING, WAITING, DONE }

    /** @param signer signs the webhook and the stream handshake as Twilio does; empty sends no signatures */
    public TwilioCaller(HttpClient http, URI bridge, CallScript script, Duration minDuration, String callSid, long seed,
                        Optional<RelayProbe> probe, Optional<TwilioSigner> signer) {
        this.http = http;
        this.bridge = bridge;
        this.script = script;
        this.minDuration = minDuration;
        this.callSid = callSid;
        this.random = new Random(seed);
        this.probe = probe;
        this.signer = signer;
    }

    public CallResult call() {
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>()); // also the listener's
        List<CallResult.ExpectedTurn> expected = new ArrayList<>();
        long start = System.nanoTime();
        var inbox = new ConcurrentLinkedQueue<TwilioCommand>();
        var closed = new CompletableFuture<String>();
        long[] counts = new long[3]; // frames sent, outbound ms received, marks echoed
        List<Long> heardAtClear = new ArrayList<>();
        List<Long> clearLatency = new ArrayList<>();
        try {
            TwiML twiml = TwiML.parse(TwilioSide.webhook(http, bridge.resolve("/twilio/voice"), callSid, signer));
            WebSocket ws = TwilioSide.connect(http, twiml.streamUrl(), signer, TwilioSide.listener(
                    text -> onCommand(text, inbox, problems), closed));
            String streamSid = "MZ" + callSid.substring(2);
            send(ws, new TwilioEvent.Connected("Call", "1.0.0"));
            send(ws, new TwilioEvent.Start(1, streamSid, "ACsimulator", callSid, List.of("inbound"),
                    twiml.parameters(), TwilioEvent.MediaFormat.MULAW_8K));
            converse(ws, streamSid, inbox, closed, expected, problems, counts, heardAtClear, clearLatency);
            TwilioSide.hangUp(ws, "stop", closed, problems, "stream");
        } catch (Exception e) {
            problems.add("call failed: " + e);
        }
        return new CallResult(callSid, script.name(), expected, counts[0], counts[1], counts[2], heardAtClear, clearLatency,
                Duration.ofNanos(System.nanoTime() - start), List.copyOf(problems));
    }

    private void converse(WebSocket ws, String streamSid, ConcurrentLinkedQueue<TwilioCommand> inbox,
                          CompletableFuture<String> closed, List<CallResult.ExpectedTurn> expected,
                          List<String> problems, long[] counts, List<Long> heardAtClear,
                          List<Long> clearLatency) {
        ArrayDeque<Object> playback = new ArrayDeque<>(); // Integer bytes of audio, or String mark names
        byte[] silence = new byte[FRAME_BYTES];
        Arrays.fill(silence, MuLaw.SILENCE);
        long seq = 2;
        long t0 = System.nanoTime();
        Phase phase = Phase.PAUSE;
        long phaseUntil = 25; // half a second of line noise before the caller speaks
        int exchange = 0;
        int clipPos = 0;
        long waitSince = 0;
        long lastAudioFrame = -1;
        long outAtSpeechEnd = 0;
        long replyPlayedBytes = 0; // of the reply being played since the caller last finished a line
        long faultsBefore = 0; // faults the stand-in had injected into this call when the current line began
        for (long k = 0; phase != Phase.DONE; k++) {
            if (closed.isDone()) {
                problems.add("stream closed by the bridge mid-call: " + closed.join());
                return;
            }
            // What the bridge sent since the last tick.
            for (TwilioCommand command; (command = inbox.poll()) != null; ) {
                switch (command) {
                    case TwilioCommand.Media m -> {
                        int bytes = dev.callbridge.wire.audio.AudioStage.decodedLength(m.payload());
                        playback.addLast(bytes);
                        counts[1] += bytes / 8;
                        lastAudioFrame = k;
                    }
                    case TwilioCommand.Mark m -> playback.addLast(m.name());
                    case TwilioCommand.Clear c -> {
                        heardAtClear.add(replyPlayedBytes / 8);
                        clearLatency.add(probe.map(p -> p.msSinceSpeechStarted(callSid)).orElse(-1L));
                        playback.removeIf(e -> e instanceof Integer);
                        probe.ifPresent(p -> p.outboundCleared(callSid));
                    }
                }
            }
            // Twilio plays 20 ms of what it holds, echoing marks as it reaches them.
            int budget = FRAME_BYTES;
            while (!playback.isEmpty()) {
                Object head = playback.peekFirst();
                if (head instanceof String mark) {
                    playback.pollFirst();
                    send(ws, new TwilioEvent.Mark(seq++, streamSid, mark));
                    counts[2]++;
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
            boolean playing = playback.stream().anyMatch(e -> e instanceof Integer);
            // The caller.
            byte[] frame = silence;
            switch (phase) {
                case PAUSE -> {
                    if (k >= phaseUntil) {
                        boolean scriptDone = exchange >= script.exchanges();
                        if (scriptDone && Duration.ofNanos(System.nanoTime() - t0).compareTo(minDuration) >= 0) {
                            phase = Phase.DONE;
                        } else {
                            phase = Phase.SPEAKING;
                            clipPos = 0;
                            faultsBefore = faults();
                        }
                    }
                }
                case SPEAKING -> {
                    byte[] clip = script.caller(exchange).mulaw();
                    frame = Arrays.copyOfRange(clip, clipPos, clipPos + FRAME_BYTES);
                    if (clipPos + FRAME_BYTES > clip.length) {
                        Arrays.fill(frame, clip.length - clipPos, FRAME_BYTES, MuLaw.SILENCE);
                    }
                    clipPos += FRAME_BYTES;
                    if (clipPos >= clip.length) {
                        phase = Phase.WAITING;
                        waitSince = k;
                        outAtSpeechEnd = counts[1];
                        replyPlayedBytes = 0;
                    }
                }
                case WAITING -> {
                    boolean replied = counts[1] > outAtSpeechEnd;
                    CallScript.Line next = script.caller(exchange + 1);
                    boolean lastOfPass = exchange + 1 >= script.exchanges();
                    if (!lastOfPass && next.interrupts() && replyPlayedBytes / 8 >= next.interruptAtMs()) {
                        // Talk over the reply: it must come out cut, marked interrupted, and truncated at what was heard.
                        boolean faulted = faults() > faultsBefore;
                        expected.add(new CallResult.ExpectedTurn("caller", script.caller(exchange).text(), false, faulted));
                        expected.add(new CallResult.ExpectedTurn("assistant", script.assistant(exchange).text(), true, faulted));
                        exchange++;
                        phase = Phase.SPEAKING;
                        clipPos = 0;
                        faultsBefore = faults();
                    } else if (replied && !playing && k - lastAudioFrame >= REPLY_IDLE_FRAMES) {
                        boolean faulted = faults() > faultsBefore;
                        expected.add(new CallResult.ExpectedTurn("caller", script.caller(exchange).text(), false, faulted));
                        expected.add(new CallResult.ExpectedTurn("assistant", script.assistant(exchange).text(), false, faulted));
                        exchange++;
                        phase = Phase.PAUSE;
                        phaseUntil = k + 10 + random.nextInt(20);
                    } else if (k - waitSince > REPLY_TIMEOUT_FRAMES) {
                        problems.add("no reply to exchange " + exchange + " (\"" + script.caller(exchange).text() + "\")");
                        expected.add(new CallResult.ExpectedTurn("caller", script.caller(exchange).text(), false,
                                faults() > faultsBefore));
                        exchange++;
                        phase = Phase.PAUSE;
                        phaseUntil = k + 30;
                    }
                }
                case DONE -> { }
            }
            if (phase == Phase.DONE) {
                break;
            }
            String media = Base64.getEncoder().encodeToString(frame);
            long index = k;
            probe.ifPresent(p -> p.frameSending(callSid, index)); // the relay may beat the send's return
            send(ws, new TwilioEvent.Media(seq++, streamSid, "inbound", k + 1, k * 20, media));
            probe.ifPresent(p -> p.frameSent(callSid));
            counts[0]++;
            long wait = t0 + (k + 1) * FRAME_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        send(ws, new TwilioEvent.Stop(seq, streamSid, "ACsimulator", callSid));
    }

    /** Faults the stand-in injected into this call so far (0 without a probe). */
    private long faults() {
        return probe.map(p -> p.call(callSid).faults()).orElse(0L);
    }

    private static void send(WebSocket ws, TwilioEvent event) {
        ws.sendText(MediaStreamCodec.encodeEvent(event), true).join();
    }

    /** Decodes what the bridge sends as it arrives (so latency is measured at arrival, not at the next tick). */
    private void onCommand(String text, ConcurrentLinkedQueue<TwilioCommand> inbox, List<String> problems) {
        try {
            TwilioCommand command = MediaStreamCodec.decodeCommand(text);
            if (command instanceof TwilioCommand.Media m) {
                probe.ifPresent(p -> p.outboundReceived(callSid, dev.callbridge.wire.audio.AudioStage.decodedLength(m.payload()) / 8));
            }
            inbox.add(command);
        } catch (RuntimeException e) {
            problems.add("Twilio would reject what the bridge sent: " + e.getMessage());
        }
    }
}
