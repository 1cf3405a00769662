package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transport setting that was removed stops start-up and says what replaced it, rather than being ignored. */
class RemovedSettingsTest {
    @Test
    void aRemovedTransportSettingStopsStartUpWithWhatReplacedIt(@TempDir Path work) {
        var failure = assertThrows(Exception.class, () -> new BridgeHarness(work, "--callbridge.calls.warm-up-frames=0",
                "--callbridge.transport.twilio-server=servlet").close());
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        System.out.println("expected: callbridge.transport.twilio-server was removed: …stream-port…\nactual:   "
                + root.getMessage());
        assertTrue(root.getMessage().startsWith("callbridge.transport.twilio-server was removed: Twilio's streams are "
                + "always served by the event loops on callbridge.transport.stream-port"), root.getMessage());
    }
}
