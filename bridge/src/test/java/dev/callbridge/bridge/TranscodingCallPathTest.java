package dev.callbridge.bridge;

import java.util.List;

/**
 * The call path transcoding to {@code audio/pcm} 24 kHz (the stand-in then hears and speaks PCM), on the default
 * transport (event loops on both legs, Twilio's streams on their own port, named in the TwiML).
 */
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
