package dev.callbridge.wire.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a base64 payload holds, read off its length and padding without decoding it. */
class AudioStageTest {
    @Test
    void theLengthOfBase64AudioIsKnownWithoutDecodingIt() {
        for (int n : new int[] {0, 1, 2, 3, 159, 160, 161}) {
            String b64 = Base64.getEncoder().encodeToString(new byte[n]);
            System.out.printf("%d bytes as %d characters: expected %d, actual %d%n", n, b64.length(), n,
                    AudioStage.decodedLength(b64));
            assertEquals(n, AudioStage.decodedLength(b64), b64);
        }
        assertEquals(20, AudioStage.mulawMillis(Base64.getEncoder().encodeToString(new byte[160])), "a Twilio frame");
    }
}
