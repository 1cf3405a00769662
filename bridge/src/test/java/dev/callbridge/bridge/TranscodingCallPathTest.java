package dev.callbridge.bridge;

/** The call path transcoding to {@code audio/pcm} 24 kHz (the stand-in then hears and speaks PCM). */
class TranscodingCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcm16";
    }
}
