package dev.callbridge.bridge;

import java.util.List;

/** The call path with {@code audio/pcmu} passthrough, on the servlet container and the JDK's WebSocket client. */
class PassthroughCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcmu";
    }

    @Override
    List<String> transport() {
        return List.of("--callbridge.transport.twilio-server=servlet", "--callbridge.transport.realtime-client=jdk");
    }
}
