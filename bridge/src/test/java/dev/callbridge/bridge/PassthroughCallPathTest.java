package dev.callbridge.bridge;

import java.util.List;

/** The call path with {@code audio/pcmu} passthrough, on the default transport (event loops on both legs). */
class PassthroughCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcmu";
    }

    @Override
    List<String> transport() {
        return List.of();
    }
}
