package dev.callbridge.wire.relay;

import java.util.Objects;

/** A message the application sends to ConversationRelay. */
public sealed interface RelayCommand {

    /** A piece of the reply for Twilio to speak; {@code last} ends the reply. */
    record Text(String token, boolean last) implements RelayCommand {
        public Text {
            Objects.requireNonNull(token);
        }
    }

    /** Ends the session; Twilio goes on with the {@code <Connect action>} URL, passing {@code handoffData}. */
    record End(String handoffData) implements RelayCommand {
        public End {
            Objects.requireNonNull(handoffData);
        }
    }
}
