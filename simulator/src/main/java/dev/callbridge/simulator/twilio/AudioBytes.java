package dev.callbridge.simulator.twilio;

/** Sizes of base64 audio payloads. */
final class AudioBytes {
    private AudioBytes() {}

    /** Bytes a base64 string decodes to, without decoding it. */
    static int ofBase64(String base64) {
        int n = base64.length();
        int padding = n > 0 && base64.charAt(n - 1) == '=' ? (n > 1 && base64.charAt(n - 2) == '=' ? 2 : 1) : 0;
        return n / 4 * 3 - padding;
    }
}
