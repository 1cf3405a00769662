package dev.callbridge.bridge;

import java.util.List;

/**
 * The same call path with both legs on the bridge's own blocking-socket WebSockets: Twilio's streams on their own
 * port (named in the TwiML), OpenAI's leg on the own client.
 */
class OwnSocketsCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcm16";
    }

    @Override
    List<String> transport() {
        return List.of("--callbridge.transport.twilio-server=sockets", "--callbridge.transport.realtime-client=sockets");
    }
}
