package dev.callbridge.bridge;

/** The call path with {@code audio/pcmu} passthrough. */
class PassthroughCallPathTest extends CallPathContract {
    @Override
    String codec() {
        return "pcmu";
    }
}
