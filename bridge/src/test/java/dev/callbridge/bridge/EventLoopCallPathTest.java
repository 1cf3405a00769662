package dev.callbridge.bridge;

import java.util.List;

/**
 * The event-loop transport on both legs ({@code callbridge.transport.*=netty}) on one loop, so each call's Twilio
 * and OpenAI sockets share a thread, in the default transcoding mode.
 */
class EventLoopCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcm16";
    }

    @Override
    List<String> transport() {
        return List.of("--callbridge.transport.twilio-server=netty", "--callbridge.transport.realtime-client=netty",
                "--callbridge.transport.loop-threads=1");
    }
}
