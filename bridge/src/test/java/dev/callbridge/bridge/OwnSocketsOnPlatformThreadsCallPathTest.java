package dev.callbridge.bridge;

import java.util.List;

/**
 * The own server and client again, with platform threads carrying every reader loop and writer
 * ({@code callbridge.transport.threads=platform}), in passthrough.
 */
class OwnSocketsOnPlatformThreadsCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcmu";
    }

    @Override
    List<String> transport() {
        return List.of("--callbridge.transport.twilio-server=sockets", "--callbridge.transport.realtime-client=sockets",
                "--callbridge.transport.threads=platform");
    }
}
