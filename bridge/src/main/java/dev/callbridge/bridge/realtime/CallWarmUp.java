package dev.callbridge.bridge.realtime;

import dev.callbridge.bridge.call.CallProfile;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.call.CallSession;
import dev.callbridge.bridge.call.CallSettings;
import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.call.TwilioPort;
import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.audio.Pcm;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Calls played through {@link CallSession} and {@link RealtimeCall} in memory before the bridge takes any, so that
 * the JIT has compiled the per-frame path (Media Streams decoding, the audio stage both ways, the Realtime codec,
 * playback marks, barge-in, the transcript) and seen calls end. A bridge fresh from start-up otherwise runs its first calls' frames through
 * the interpreter and recompiles when the first calls hang up, which stalled every call on it for a second or two
 * under load (steps/20261123-1130).
 *
 * <p>Nothing leaves the process: both legs are in memory (what the call sends is encoded as the real legs would,
 * then dropped), nothing is journaled or recorded, the calls are in a registry of their own, and the summaries are
 * checked and dropped. The Realtime side answers as the GA service does: a session, caller speech detected,
 * committed and transcribed, a reply streamed as audio deltas with its transcript, and in every other exchange the
 * caller talking over the reply (clear, truncate).
 */
public final class CallWarmUp {
    private static final int FRAME_BYTES = 160;
    private static final int CALLER_FRAMES = 25;
    private static final int REPLY_DELTAS = 25;
    private static final int DELTA_MS = 20;
    /** Marks Twilio holds unplayed while a reply streams in (the warm-up runs faster than real time). */
    private static final int MARKS_PENDING = 5;

    /** What the warm-up did, for the start-up log; {@code problems} is empty when every call went as scripted. */
    public record Result(int calls, long framesIn, long deltasOut, long bargeIns, Duration took, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private CallWarmUp() {}

    /**
     * Plays calls with the live settings and voice API (its session and audio stage, an in-memory dialer) until
     * {@code frames} caller frames have gone through, in calls of at most {@code framesPerCall}.
     */
    public static Result run(CallSettings live, RealtimeVoice voice, Duration maxLength, int frames, int framesPerCall,
                             Clock clock, LongSupplier ticker) {
        if (frames < 0 || framesPerCall < 1) {
            throw new IllegalArgumentException("frames ≥ 0 and frames per call ≥ 1: " + frames + ", " + framesPerCall);
        }
        var settings = new CallSettings("warm-up", Optional.empty(), 0, Optional.empty(), live.limits(), live.apology(),
                new CallJournal(Optional.empty()), live.keptTurns());
        long start = ticker.getAsLong();
        List<String> problems = new ArrayList<>();
        int calls = 0;
        long framesIn = 0;
        long deltasOut = 0;
        long bargeIns = 0;
        for (int left = frames; left > 0; left -= framesPerCall) {
            var call = new WarmCall(String.format("CAwarmup%024d", calls), settings, voice, maxLength,
                    Math.min(left, framesPerCall), clock, ticker);
            call.play();
            problems.addAll(call.problems());
            framesIn += call.summaryCounter("framesIn");
            deltasOut += call.summaryCounter("framesOut");
            bargeIns += call.summaryCounter("bargeIns");
            calls++;
        }
        return new Result(calls, framesIn, deltasOut, bargeIns, Duration.ofNanos(ticker.getAsLong() - start), problems);
    }

    /** One call: Twilio's side and the Realtime side scripted around a real {@link CallSession}. */
    private static final class WarmCall implements TwilioPort, RealtimeDialer, RealtimePort, SummarySink {
        private final String callSid;
        private final String streamSid;
        private final int frames;
        private final CallSession session;
        private final ArrayDeque<String> marks = new ArrayDeque<>();
        private final List<String> problems = new ArrayList<>();
        private final String callerFrame;
        private final String replyDelta;
        private RealtimeListener realtime;
        private long appends;
        private long truncates;
        private boolean closed;
        private Map<String, Long> summaryCounters;
        private int seq;

        WarmCall(String callSid, CallSettings settings, RealtimeVoice voice, Duration maxLength, int frames, Clock clock,
                 LongSupplier ticker) {
            this.callSid = callSid;
            this.streamSid = "MZ" + callSid.substring(2);
            this.frames = frames;
            this.session = new CallSession(callSid, settings, this,
                    CallProfile.only(new CallProfile("warm-up", voice.withDialer(this), maxLength, false)), this, clock,
                    ticker, new CallRegistry());
            this.callerFrame = Base64.getEncoder().encodeToString(mulawTone(FRAME_BYTES));
            AudioFormat format = voice.audio().get().realtimeFormat();
            int deltaSamples = DELTA_MS * format.sampleRateHz() / 1000;
            this.replyDelta = Base64.getEncoder().encodeToString(format == AudioFormat.PCMU
                    ? mulawTone(deltaSamples) : Pcm.toLittleEndian(tone(deltaSamples, format.sampleRateHz()), deltaSamples));
        }

        void play() {
            twilio(new TwilioEvent.Connected("Call", "1.0.0"));
            twilio(new TwilioEvent.Start(seq++, streamSid, "ACwarmup", callSid, List.of("inbound"),
                    Map.of("from", "+10000000000", "to", "+10000000001"), TwilioEvent.MediaFormat.MULAW_8K));
            server("{\"type\":\"session.created\",\"event_id\":\"ev_c\",\"session\":{\"id\":\"sess_warmup\",\"expires_at\":0}}");
            server("{\"type\":\"session.updated\",\"event_id\":\"ev_u\",\"session\":{\"id\":\"sess_warmup\"}}");
            String previous = null;
            boolean speaking = false; // the caller cut into the last reply: this exchange's speech has started
            int exchange = 0;
            for (int k = 0; k < frames; ) {
                String caller = "item_c" + exchange;
                String reply = "item_a" + exchange;
                if (!speaking) {
                    speechStarted(exchange, k, caller);
                }
                k = media(k, CALLER_FRAMES);
                server("{\"type\":\"input_audio_buffer.speech_stopped\",\"event_id\":\"ev_t" + exchange
                        + "\",\"audio_end_ms\":" + k * 20 + ",\"item_id\":\"" + caller + "\"}");
                server("{\"type\":\"input_audio_buffer.committed\",\"event_id\":\"ev_m" + exchange
                        + "\",\"previous_item_id\":" + (previous == null ? "null" : "\"" + previous + "\"")
                        + ",\"item_id\":\"" + caller + "\"}");
                server("{\"type\":\"conversation.item.input_audio_transcription.completed\",\"event_id\":\"ev_i"
                        + exchange + "\",\"item_id\":\"" + caller + "\",\"content_index\":0,\"transcript\":\"Warm up "
                        + exchange + ".\"}");
                server("{\"type\":\"response.created\",\"event_id\":\"ev_r" + exchange
                        + "\",\"response\":{\"id\":\"resp_" + exchange + "\",\"object\":\"realtime.response\"}}");
                server("{\"type\":\"conversation.item.added\",\"event_id\":\"ev_a" + exchange + "\",\"previous_item_id\":\""
                        + caller + "\",\"item\":{\"id\":\"" + reply + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
                // The reply streams one delta per caller frame; every other exchange the caller cuts in halfway.
                boolean cut = exchange % 2 == 1;
                int deltas = cut ? REPLY_DELTAS / 2 : REPLY_DELTAS;
                for (int d = 0; d < deltas && k < frames; d++) {
                    server("{\"type\":\"response.output_audio.delta\",\"event_id\":\"ev_d" + exchange + "_" + d
                            + "\",\"response_id\":\"resp_" + exchange + "\",\"item_id\":\"" + reply
                            + "\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + replyDelta + "\"}");
                    server("{\"type\":\"response.output_audio_transcript.delta\",\"event_id\":\"ev_x" + exchange + "_" + d
                            + "\",\"response_id\":\"resp_" + exchange + "\",\"item_id\":\"" + reply
                            + "\",\"output_index\":0,\"content_index\":0,\"delta\":\" word\"}");
                    k = media(k, 1);
                    echoMarks(marks.size() - MARKS_PENDING); // Twilio plays behind what it was sent
                }
                speaking = cut;
                if (cut) {
                    // The next exchange's speech starts while the reply plays: the call clears Twilio and truncates.
                    speechStarted(exchange + 1, k, "item_c" + (exchange + 1));
                    server("{\"type\":\"response.done\",\"event_id\":\"ev_o" + exchange + "\",\"response\":{\"id\":\"resp_"
                            + exchange + "\",\"status\":\"cancelled\",\"status_details\":{\"type\":\"cancelled\",\"reason\":\"turn_detected\"},"
                            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}");
                    echoMarks(marks.size()); // Twilio echoes the pending marks at once after a clear
                } else {
                    server("{\"type\":\"response.output_audio_transcript.done\",\"event_id\":\"ev_y" + exchange
                            + "\",\"response_id\":\"resp_" + exchange + "\",\"item_id\":\"" + reply
                            + "\",\"output_index\":0,\"content_index\":0,\"transcript\":\"Warm reply " + exchange + ".\"}");
                    server("{\"type\":\"response.done\",\"event_id\":\"ev_o" + exchange + "\",\"response\":{\"id\":\"resp_"
                            + exchange + "\",\"status\":\"completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}}");
                    echoMarks(marks.size());
                }
                previous = reply;
                exchange++;
            }
            twilio(new TwilioEvent.Stop(seq++, streamSid, "ACwarmup", callSid));
            if (summaryCounters == null) {
                problems.add(callSid + ": no summary at the end of the warm-up call");
            } else if (!closed) {
                problems.add(callSid + ": the Twilio leg was not closed");
            }
        }

        private void speechStarted(int exchange, int k, String itemId) {
            server("{\"type\":\"input_audio_buffer.speech_started\",\"event_id\":\"ev_s" + exchange
                    + "\",\"audio_start_ms\":" + k * 20 + ",\"item_id\":\"" + itemId + "\"}");
        }

        private int media(int k, int n) {
            for (int i = 0; i < n; i++, k++) {
                twilio(new TwilioEvent.Media(seq++, streamSid, "inbound", k + 1, k * 20L, callerFrame));
            }
            return k;
        }

        private void echoMarks(int n) {
            for (int i = 0; i < n && !marks.isEmpty(); i++) {
                twilio(new TwilioEvent.Mark(seq++, streamSid, marks.pollFirst()));
            }
        }

        private void twilio(TwilioEvent event) {
            session.onTwilio(MediaStreamCodec.decodeEvent(MediaStreamCodec.encodeEvent(event))); // as the edge decodes
        }

        private void server(String json) {
            RealtimeListener.deliver(json, realtime);
        }

        long summaryCounter(String name) {
            return summaryCounters == null ? 0 : summaryCounters.getOrDefault(name, 0L);
        }

        List<String> problems() {
            if (summaryCounters != null && appends == 0) {
                problems.add(callSid + ": no caller audio reached the Realtime leg");
            }
            return problems;
        }

        // ---- the Twilio leg -----------------------------------------------------------------------------------

        @Override
        public void send(TwilioCommand command) {
            MediaStreamCodec.encodeCommand(command); // what the Twilio leg would write
            if (command instanceof TwilioCommand.Mark m) {
                marks.addLast(m.name());
            }
        }

        @Override
        public void close(int status, String reason) {
            closed = true;
            if (status != CloseCode.NORMAL) {
                problems.add(callSid + ": closed with " + status + " " + reason);
            }
        }

        @Override
        public String remoteAddress() {
            return "warm-up";
        }

        @Override
        public long dropped() {
            return 0;
        }

        // ---- the Realtime leg ---------------------------------------------------------------------------------

        @Override
        public RealtimePort dial(String callId, RealtimeListener listener) {
            realtime = listener;
            return this;
        }

        @Override
        public void send(ClientEvent event) {
            RealtimeCodec.encode(event); // what the Realtime leg would write
            switch (event) {
                case ClientEvent.InputAudioAppend a -> appends++;
                case ClientEvent.ItemTruncate t -> truncates++;
                default -> { }
            }
        }

        @Override
        public void close() {}

        // ---- the summary --------------------------------------------------------------------------------------

        @Override
        public void accept(CallSummary summary, Origin origin) {
            summaryCounters = summary.counters();
            long expectedTruncates = summary.counters().getOrDefault("bargeIns", 0L);
            if (truncates != expectedTruncates) {
                problems.add(callSid + ": " + expectedTruncates + " barge-ins but " + truncates + " truncates");
            }
        }
    }

    /** {@code samples} of a 400 Hz tone at {@code rateHz}, loud enough to count as speech. */
    private static short[] tone(int samples, int rateHz) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / rateHz));
        }
        return pcm;
    }

    /** The tone as μ-law 8 kHz. */
    private static byte[] mulawTone(int samples) {
        byte[] mulaw = new byte[samples];
        MuLaw.encode(tone(samples, 8_000), samples, mulaw);
        return mulaw;
    }
}
