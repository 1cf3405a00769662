package dev.callbridge.wire.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden vectors from an independent G.711 implementation (CPython's audioop), committed as test resources. */
class MuLawTest {

    @Test
    void decodesAll256CodesLikeTheReference() throws IOException {
        short[] expected = new short[256];
        String golden = new String(resource("/golden/mulaw-decode.txt"), StandardCharsets.US_ASCII);
        golden.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            String[] f = l.split(" ");
            expected[Integer.parseInt(f[0], 16)] = Short.parseShort(f[1]);
        });
        short[] actual = new short[256];
        for (int code = 0; code < 256; code++) {
            actual[code] = MuLaw.decode((byte) code);
        }
        System.out.printf("mu-law decode: expected 0x00=%d 0x80=%d 0xFF=%d, actual %d %d %d%n",
                expected[0], expected[0x80], expected[0xFF], actual[0], actual[0x80], actual[0xFF]);
        assertArrayEquals(expected, actual);
    }

    @Test
    void encodesEvery16BitSampleLikeTheReference() throws IOException {
        byte[] expected = resource("/golden/mulaw-encode-all.bin");
        byte[] actual = new byte[65_536];
        int mismatches = 0;
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            int i = pcm - Short.MIN_VALUE;
            actual[i] = MuLaw.encode((short) pcm);
            if (actual[i] != expected[i]) {
                mismatches++;
            }
        }
        System.out.printf("mu-law encode over all 65536 samples: expected 0 mismatches, actual %d%n", mismatches);
        assertArrayEquals(expected, actual);
    }

    @Test
    void segmentBoundariesLandInTheRightSegment() {
        // Biased 14-bit segment ends are 0x3F, 0x7F, …, 0x1FFF; in 16-bit units an input x lands at the end of
        // segment s when (x >> 2) + 33 == end. The last sample of a segment and the first of the next differ
        // in the segment bits (code bits 4..6) of the inverted code.
        int[] ends14 = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
        for (int s = 0; s < ends14.length; s++) {
            short last = (short) ((ends14[s] - 33) << 2);
            short first = (short) ((ends14[s] - 33 + 1) << 2);
            int segLast = ((~MuLaw.encode(last)) & 0x70) >> 4;
            int segFirst = ((~MuLaw.encode(first)) & 0x70) >> 4;
            System.out.printf("segment %d: sample %d expected segment %d actual %d; sample %d expected %d actual %d%n",
                    s, last, s, segLast, first, s + 1, segFirst);
            assertEquals(s, segLast);
            assertEquals(s + 1, segFirst);
        }
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE), "clips to the loudest positive code");
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE), "clips to the loudest negative code");
        assertEquals(MuLaw.SILENCE, MuLaw.encode((short) 0));
    }

    @Test
    void decodeThenEncodeIsIdentityForEveryCodeButNegativeZero() {
        for (int code = 0; code < 256; code++) {
            byte again = MuLaw.encode(MuLaw.decode((byte) code));
            int expected = code == 0x7F ? 0xFF : code; // 0x7F is -0, which encodes back as +0
            assertEquals(expected, again & 0xFF, "code " + Integer.toHexString(code));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MuLawTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
