package dev.callbridge.simulator.fake;

/**
 * How the Realtime stand-in behaves.
 *
 * @param speedup how much faster than real time reply audio is streamed (the real service streams faster too)
 * @param deltaMs audio per {@code response.output_audio.delta}
 * @param lateTranscriptionRatio share of caller transcriptions sent after the reply's {@code response.done}
 *                               (the real service transcribes asynchronously), to exercise transcript ordering
 * @param validate check every event sent against the official schema and count violations
 * @param seed seeds the per-session random choices
 */
public record FakeOptions(double speedup, int deltaMs, double lateTranscriptionRatio, boolean validate, long seed) {
    public static final FakeOptions DEFAULTS = new FakeOptions(4.0, 100, 0.3, false, 42);

    public FakeOptions {
        if (speedup <= 0 || deltaMs < 20 || deltaMs % 20 != 0 || lateTranscriptionRatio < 0 || lateTranscriptionRatio > 1) {
            throw new IllegalArgumentException("speedup > 0, deltaMs a multiple of 20, ratio within 0..1");
        }
    }
}
