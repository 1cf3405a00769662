package dev.callbridge.bridge.realtime;

import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.ServerEvent;

/** What an OpenAI leg reports to its call, decoded, on the leg's reader thread. */
public interface RealtimeListener {
    void onRealtimeEvent(ServerEvent event);

    /** A message that is not a Realtime event (malformed JSON, a known type without its fields). */
    void onRealtimeUnreadable(String problem);

    /** The socket closed or could not be opened; called at most once. */
    void onRealtimeClosed(int status, String reason);

    /** The socket edge: decodes one text message and hands it on, as an event or as unreadable. */
    static void deliver(String json, RealtimeListener listener) {
        ServerEvent event;
        try {
            event = RealtimeCodec.decodeServer(json);
        } catch (WireFormatException e) {
            listener.onRealtimeUnreadable(e.getMessage());
            return;
        }
        listener.onRealtimeEvent(event);
    }
}
