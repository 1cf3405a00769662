package dev.callbridge.wire.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The resampler's figures, measured and printed: passband flatness to 3.4 kHz within 0.1 dB, at least 70 dB of
 * stopband attenuation (images when upsampling, aliases when downsampling), no seam between frames, and a speech
 * round trip μ-law → 24 kHz → 8 kHz → μ-law within 1 dB of μ-law's own quantisation limit.
 */
class ResamplerTest {
    private static final int FRAME_8K = 160;

    /** Amplitude of {@code hz} in {@code x} (Hann-windowed single-bin DFT, gain-corrected). */
    static double amplitude(short[] x, int from, int count, double hz, double rate) {
        double re = 0;
        double im = 0;
        double wsum = 0;
        for (int n = 0; n < count; n++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (count - 1));
            double phase = 2 * Math.PI * hz * n / rate;
            re += w * x[from + n] * Math.cos(phase);
            im -= w * x[from + n] * Math.sin(phase);
            wsum += w;
        }
        return 2 * Math.hypot(re, im) / wsum;
    }

    static short[] sine(double hz, double rate, int count, double amplitude) {
        short[] s = new short[count];
        for (int n = 0; n < count; n++) {
            s[n] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / rate));
        }
        return s;
    }

    static short[] upsampleInFrames(short[] in) {
        Upsampler up = new Upsampler();
        short[] out = new short[in.length * 3];
        short[] frame = new short[FRAME_8K];
        short[] frameOut = new short[FRAME_8K * 3];
        for (int i = 0; i + FRAME_8K <= in.length; i += FRAME_8K) {
            System.arraycopy(in, i, frame, 0, FRAME_8K);
            int n = up.process(frame, FRAME_8K, frameOut);
            System.arraycopy(frameOut, 0, out, i * 3, n);
        }
        return out;
    }

    static short[] downsampleInChunks(short[] in, int chunk) {
        Downsampler down = new Downsampler();
        short[] out = new short[in.length / 3 + 2];
        short[] piece = new short[chunk];
        short[] pieceOut = new short[Downsampler.maxOutput(chunk)];
        int written = 0;
        for (int i = 0; i < in.length; i += chunk) {
            int n = Math.min(chunk, in.length - i);
            System.arraycopy(in, i, piece, 0, n);
            int m = down.process(piece, n, pieceOut);
            System.arraycopy(pieceOut, 0, out, written, m);
            written += m;
        }
        return java.util.Arrays.copyOf(out, written);
    }

    @Test
    void theDesignIsFlatTo3400HzAndAttenuatesFrom4600HzBy70Db() {
        double[] h = LowpassDesign.taps();
        double ripple = 0;
        for (double f = 0; f <= 3400; f += 10) {
            ripple = Math.max(ripple, Math.abs(LowpassDesign.responseDb(h, f)));
        }
        double stop = -1000;
        for (double f = 4600; f <= 12000; f += 10) {
            stop = Math.max(stop, LowpassDesign.responseDb(h, f));
        }
        System.out.printf("design: passband deviation expected ≤ 0.1 dB, actual %.4f dB; stopband expected ≤ -70 dB, actual %.1f dB%n",
                ripple, stop);
        assertTrue(ripple <= 0.1);
        assertTrue(stop <= -70);
    }

    @Test
    void upsamplingSweepIsFlatAndItsImagesAreBelowMinus70Db() {
        double worstGain = 0;
        double worstImage = -1000;
        for (int f = 100; f <= 3400; f += 100) {
            short[] in = sine(f, 8000, 8000, 16000);
            short[] out = upsampleInFrames(in);
            double a = amplitude(out, 4800, 16800, f, 24000);
            double gainDb = 20 * Math.log10(a / 16000);
            double imageDb = 20 * Math.log10(amplitude(out, 4800, 16800, 8000 - f, 24000) / 16000);
            worstGain = Math.max(worstGain, Math.abs(gainDb));
            worstImage = Math.max(worstImage, imageDb);
        }
        System.out.printf("upsampler sweep 100–3400 Hz: gain deviation expected ≤ 0.1 dB, actual %.4f dB; "
                + "images at 4.6–7.9 kHz expected ≤ -70 dB, actual %.1f dB%n", worstGain, worstImage);
        assertTrue(worstGain <= 0.1);
        assertTrue(worstImage <= -70);
    }

    @Test
    void downsamplingSweepIsFlatAndAliasesAreBelowMinus70Db() {
        double worstGain = 0;
        for (int f = 100; f <= 3400; f += 100) {
            short[] out = downsampleInChunks(sine(f, 24000, 24000, 16000), 480);
            worstGain = Math.max(worstGain, Math.abs(20 * Math.log10(amplitude(out, 1600, 5600, f, 8000) / 16000)));
        }
        double worstAlias = -1000;
        for (int f = 4600; f <= 11900; f += 100) {
            short[] out = downsampleInChunks(sine(f, 24000, 24000, 16000), 480);
            double alias = f % 8000 > 4000 ? 8000 - f % 8000 : f % 8000; // where it folds to
            worstAlias = Math.max(worstAlias, 20 * Math.log10(amplitude(out, 1600, 5600, alias, 8000) / 16000));
        }
        System.out.printf("downsampler: passband deviation expected ≤ 0.1 dB, actual %.4f dB; "
                + "aliases of 4.6–11.9 kHz expected ≤ -70 dB, actual %.1f dB%n", worstGain, worstAlias);
        assertTrue(worstGain <= 0.1);
        assertTrue(worstAlias <= -70);
    }

    @Test
    void framesJoinExactlyAsIfTheSignalWereProcessedWhole() {
        short[] in = sine(1000, 8000, 1600, 20000);
        short[] framed = upsampleInFrames(in);
        short[] whole = new short[in.length * 3];
        new Upsampler().process(in, in.length, whole);
        assertArrayEquals(whole, framed, "upsampler state carries across 20 ms frames");

        short[] wide = sine(1000, 24000, 4800, 20000);
        short[] odd = downsampleInChunks(wide, 481); // chunks that do not divide by 3
        short[] one = downsampleInChunks(wide, wide.length);
        assertArrayEquals(one, odd, "downsampler phase and state carry across uneven chunks");
        assertEquals(1600, one.length);
    }

    /**
     * The filters as written in their definition, one output at a time: each output's terms summed in float, in the
     * order of the polyphase table (branch by branch, tap by tap), as the resamplers promise whatever loop they run.
     */
    static short[] upsampleDirectly(short[] x) {
        double[] h = LowpassDesign.taps();
        short[] y = new short[x.length * 3];
        for (int i = 0; i < x.length; i++) {
            for (int p = 0; p < 3; p++) {
                float sum = 0f;
                for (int m = 0; 3 * m + p < h.length; m++) {
                    sum += (float) (h[3 * m + p] * 3) * (i - m >= 0 ? x[i - m] : 0);
                }
                y[3 * i + p] = clip(sum);
            }
        }
        return y;
    }

    static short[] downsampleDirectly(short[] x) {
        double[] h = LowpassDesign.taps();
        short[] y = new short[(x.length + 2) / 3];
        for (int j = 0; j < y.length; j++) {
            float sum = 0f;
            for (int r = 0; r < 3; r++) {
                for (int m = 0; 3 * m + r < h.length; m++) {
                    int at = 3 * j - (3 * m + r);
                    sum += (float) h[3 * m + r] * (at >= 0 ? x[at] : 0);
                }
            }
            y[j] = clip(sum);
        }
        return y;
    }

    private static short clip(float sum) {
        return (short) (int) Math.rint(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum)));
    }

    @Test
    void bothResamplersGiveExactlyWhatTheirDefinitionGives() {
        java.util.Random random = new java.util.Random(7);
        short[] narrow = new short[8000]; // one second of loud noise: every tap matters and some outputs clip
        for (int i = 0; i < narrow.length; i++) {
            narrow[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        short[] wide = new short[24000];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        short[] up = upsampleInFrames(narrow);
        short[] upExpected = upsampleDirectly(narrow);
        short[] down = downsampleInChunks(wide, 481);
        short[] downExpected = downsampleDirectly(wide);
        System.out.printf("upsampler: expected %d outputs equal to the definition, actual %d; "
                        + "downsampler: expected %d, actual %d%n",
                upExpected.length, equalCount(upExpected, up), downExpected.length, equalCount(downExpected, down));
        assertArrayEquals(upExpected, up);
        assertArrayEquals(downExpected, down);
    }

    private static int equalCount(short[] expected, short[] actual) {
        int equal = 0;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            equal += expected[i] == actual[i] ? 1 : 0;
        }
        return equal;
    }

    @Test
    void aSpeechRoundTripStaysWithin1DbOfMuLawsOwnLimit() throws IOException {
        List<Path> clips;
        try (Stream<Path> files = Files.walk(Path.of("../data/audio"))) {
            clips = files.filter(p -> p.toString().endsWith(".ulaw")).sorted().toList();
        }
        List<String> worse = new ArrayList<>();
        double worstGap = 0;
        for (Path clip : clips) {
            byte[] mulaw = Files.readAllBytes(clip);
            int n = mulaw.length / FRAME_8K * FRAME_8K;
            short[] original = new short[n];
            MuLaw.decode(java.util.Arrays.copyOf(mulaw, n), original);
            short[] back = downsampleInChunks(upsampleInFrames(original), 480);
            int delay = (LowpassDesign.TAPS - 1) / 3; // half the filter twice, at 24 kHz, in 8 kHz samples
            // μ-law's own limit: requantising the resampled signal; the round trip: against the original.
            double signal = 0;
            double roundTripNoise = 0;
            double quantNoise = 0;
            for (int i = delay; i < n; i++) {
                short resampled = back[i];
                short requantised = MuLaw.decode(MuLaw.encode(resampled));
                signal += (double) original[i - delay] * original[i - delay];
                roundTripNoise += Math.pow(requantised - original[i - delay], 2);
                quantNoise += Math.pow(requantised - resampled, 2);
            }
            double snr = 10 * Math.log10(signal / roundTripNoise);
            double limit = 10 * Math.log10(signal / quantNoise);
            worstGap = Math.max(worstGap, limit - snr);
            System.out.printf("%s: round-trip SNR %.2f dB, mu-law limit %.2f dB%n", clip.getFileName(), snr, limit);
            if (limit - snr > 1.0) {
                worse.add(clip.toString());
            }
        }
        System.out.printf("speech round trip: expected within 1 dB of the mu-law limit, actual worst gap %.2f dB over %d clips%n",
                worstGap, clips.size());
        assertEquals(List.of(), worse);
    }
}
