package dev.callbridge.bridge;

import java.util.List;

/** The call path transcoding to {@code audio/pcm} 24 kHz (the stand-in then hears and speaks PCM), on the default transport
 * (the servlet container for Twilio, the own client for OpenAI). */
class TranscodingCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcm16";
    }

    @Override
    List<String> transport() {
        return List.of();
    }
}
