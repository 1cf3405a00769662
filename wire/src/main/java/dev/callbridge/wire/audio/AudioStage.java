package dev.callbridge.wire.audio;

import dev.callbridge.wire.realtime.AudioFormat;

/**
 * The audio seam between Twilio (μ-law 8 kHz, base64) and the Realtime session format. One instance per call:
 * a transcoding stage keeps filter state across frames.
 */
public interface AudioStage {
    /** The format the Realtime session is configured with, both directions. */
    AudioFormat realtimeFormat();

    /** A Twilio inbound payload as an {@code input_audio_buffer.append} payload. */
    String toRealtime(String mulawBase64);

    /** A {@code response.output_audio.delta} payload as a Twilio outbound payload. */
    String toTwilio(String realtimeBase64);

    /** Milliseconds of audio in a Twilio payload (8 bytes a millisecond). */
    static long mulawMillis(String mulawBase64) {
        return decodedLength(mulawBase64) / 8;
    }

    /** Bytes that a base64 string decodes to, without decoding it. */
    static int decodedLength(String base64) {
        int n = base64.length();
        int padding = n > 0 && base64.charAt(n - 1) == '=' ? (n > 1 && base64.charAt(n - 2) == '=' ? 2 : 1) : 0;
        return n / 4 * 3 - padding;
    }
}
