package dev.callbridge.bench;

import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.audio.Downsampler;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.audio.PassthroughAudio;
import dev.callbridge.wire.audio.Pcm;
import dev.callbridge.wire.audio.Pcm16Audio;
import dev.callbridge.wire.audio.Upsampler;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.ServerEvent;
import dev.callbridge.wire.twilio.MediaStreamCodec;
import dev.callbridge.wire.twilio.TwilioCommand;
import dev.callbridge.wire.twilio.TwilioEvent;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 20 ms frame through the bridge's per-frame work, each direction, each codec: JSON in, audio stage, JSON
 * out ({@code *Frame}), and the audio stage alone ({@code *Codec}). Target: ≤ 5 µs per frame per direction for
 * the codec work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameBenchmark {
    @Param({"pcmu", "pcm16"})
    public String codec;

    private AudioStage stage;
    private String twilioMedia;
    private String mulawPayload;
    private String realtimeDelta;
    private String deltaPayload;
    private final Upsampler up = new Upsampler();
    private final Downsampler down = new Downsampler();
    private final short[] pcm8k = new short[160];
    private final short[] pcm24k = new short[480];
    private final short[] pcm8kOut = new short[160];
    private final short[] pcm24kOut = new short[480];

    @Setup
    public void setUp() {
        stage = codec.equals("pcm16") ? new Pcm16Audio() : new PassthroughAudio();
        byte[] mulaw = new byte[160];
        short[] pcm = new short[480];
        for (int i = 0; i < 480; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 24000.0));
        }
        for (int i = 0; i < 160; i++) {
            mulaw[i] = MuLaw.encode(pcm[i * 3]);
            pcm8k[i] = pcm[i * 3];
        }
        System.arraycopy(pcm, 0, pcm24k, 0, 480);
        mulawPayload = Base64.getEncoder().encodeToString(mulaw);
        twilioMedia = MediaStreamCodec.encodeEvent(new TwilioEvent.Media(42, "MZ18ad3ab5a668481ce02b83e7395059f0",
                "inbound", 41, 800, mulawPayload));
        deltaPayload = codec.equals("pcm16") ? Base64.getEncoder().encodeToString(Pcm.toLittleEndian(pcm, 480)) : mulawPayload;
        realtimeDelta = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_3\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + deltaPayload + "\"}";
    }

    /** Twilio media JSON → audio stage → {@code input_audio_buffer.append} JSON. */
    @Benchmark
    public String inboundFrame() {
        var media = (TwilioEvent.Media) MediaStreamCodec.decodeEvent(twilioMedia);
        return RealtimeCodec.encode(new ClientEvent.InputAudioAppend(stage.toRealtime(media.payload())));
    }

    /** {@code response.output_audio.delta} JSON → audio stage → Twilio media JSON. */
    @Benchmark
    public String outboundFrame() {
        var delta = (ServerEvent.AudioDelta) RealtimeCodec.decodeServer(realtimeDelta);
        return MediaStreamCodec.encodeCommand(new TwilioCommand.Media("MZ18ad3ab5a668481ce02b83e7395059f0",
                stage.toTwilio(delta.delta())));
    }

    /** The 8 → 24 kHz filter alone, one frame (160 samples in, 480 out). */
    @Benchmark
    public short[] upsample() {
        up.process(pcm8k, 160, pcm24kOut);
        return pcm24kOut;
    }

    /** The 24 → 8 kHz filter alone, one frame (480 samples in, 160 out). */
    @Benchmark
    public short[] downsample() {
        down.process(pcm24k, 480, pcm8kOut);
        return pcm8kOut;
    }

    /** The audio stage alone, inbound (base64 in and out). */
    @Benchmark
    public String inboundCodec() {
        return stage.toRealtime(mulawPayload);
    }

    /** The audio stage alone, outbound (base64 in and out). */
    @Benchmark
    public String outboundCodec() {
        return stage.toTwilio(deltaPayload);
    }
}
