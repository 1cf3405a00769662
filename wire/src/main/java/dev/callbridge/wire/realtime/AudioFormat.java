package dev.callbridge.wire.realtime;

/** The GA session audio formats ({@code RealtimeAudioFormats}). PCM is 16-bit little-endian mono at 24 kHz only. */
public enum AudioFormat {
    PCM("audio/pcm", 24_000),
    PCMU("audio/pcmu", 8_000),
    PCMA("audio/pcma", 8_000);

    private final String type;
    private final int sampleRateHz;

    AudioFormat(String type, int sampleRateHz) {
        this.type = type;
        this.sampleRateHz = sampleRateHz;
    }

    public String type() {
        return type;
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** Bytes that carry one millisecond of audio in this format. */
    public int bytesPerMs() {
        return this == PCM ? sampleRateHz / 1000 * 2 : sampleRateHz / 1000;
    }

    public static AudioFormat ofType(String type) {
        for (AudioFormat f : values()) {
            if (f.type.equals(type)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown audio format type '" + type + "'");
    }
}
