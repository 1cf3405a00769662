package dev.callbridge.wire.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stage reuses its buffers from frame to frame; what it returns must be what a stage that allocates every
 * buffer afresh returns, whatever the sizes of the frames and deltas and however they change.
 */
class Pcm16AudioTest {
    /** The transcoding written plainly: new arrays for everything, the same filters. */
    private static final class Plain {
        private final Upsampler up = new Upsampler();
        private final Downsampler down = new Downsampler();

        String toRealtime(String mulawBase64) {
            byte[] mulaw = Base64.getDecoder().decode(mulawBase64);
            short[] pcm = new short[mulaw.length];
            MuLaw.decode(mulaw, pcm);
            short[] wide = new short[mulaw.length * 3];
            int n = up.process(pcm, mulaw.length, wide);
            return Base64.getEncoder().encodeToString(Pcm.toLittleEndian(wide, n));
        }

        String toTwilio(String pcmBase64) {
            byte[] bytes = Base64.getDecoder().decode(pcmBase64);
            short[] wide = new short[bytes.length / 2];
            Pcm.fromLittleEndian(bytes, wide);
            short[] narrow = new short[Downsampler.maxOutput(wide.length)];
            int n = down.process(wide, wide.length, narrow);
            byte[] mulaw = new byte[n];
            MuLaw.encode(narrow, n, mulaw);
            return Base64.getEncoder().encodeToString(mulaw);
        }
    }

    @Test
    void reusedBuffersGiveWhatFreshOnesGiveForFramesOfChangingSizes() {
        Random random = new Random(11);
        int[] frameBytes = {160, 160, 80, 160, 1, 0, 161, 160, 320, 160, 160, 7, 160};
        int[] deltaBytes = {960, 960, 4800, 2, 961, 0, 960, 1, 3, 9600, 960, 960, 480};
        Pcm16Audio stage = new Pcm16Audio();
        Plain plain = new Plain();
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < 50 * frameBytes.length; i++) {
            String in = Base64.getEncoder().encodeToString(noise(random, frameBytes[i % frameBytes.length]));
            String out = Base64.getEncoder().encodeToString(noise(random, deltaBytes[i % deltaBytes.length]));
            if (!plain.toRealtime(in).equals(stage.toRealtime(in)) || !plain.toTwilio(out).equals(stage.toTwilio(out))) {
                differing.add(i);
            }
        }
        System.out.printf("%d frames and %d deltas of %d sizes each: expected none to differ from fresh buffers, "
                + "actual %d%n", 50 * frameBytes.length, 50 * deltaBytes.length, frameBytes.length, differing.size());
        assertEquals(List.of(), differing);
    }

    private static byte[] noise(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
