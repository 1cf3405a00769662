package dev.callbridge.bridge.call;

import dev.callbridge.bridge.transcript.Transcript;
import java.util.List;
import java.util.Optional;

/**
 * What the voice model's side reports to its call, already interpreted: the caller's turns as the model heard them,
 * the replies with their audio in Twilio's format, and a lost session. Invoked under the call's lock (a voice API
 * reading a socket gets the lock through {@link #whileActive}); item ids are the API's, placements follow the
 * transcript's rules ({@link Transcript#place}).
 */
public interface VoiceEvents {
    /** The conversation so far, to seed a new session with (earlier turns' lines, then the turns in memory). */
    record Conversation(String earlier, List<Transcript.Spoken> spoken) {
        public Conversation {
            spoken = List.copyOf(spoken);
        }
    }

    /** Runs {@code action} under the call's lock if the call is still in progress; drops it otherwise. */
    void whileActive(Runnable action);

    /** The caller started speaking, at {@code mediaMs} on the media timeline: a barge-in if a reply is heard. */
    void callerSpeechStarted(String itemId, long mediaMs);

    /** The caller's utterance ended and the model took it as a turn: a reply is due. */
    void callerCommitted(String itemId, Optional<String> previous);

    /** A caller turn the model added (its words follow in {@link #callerText}). */
    void callerTurn(String itemId, Optional<String> previous);

    void callerText(String itemId, String text);

    /** The model has the caller's key press {@code digit} (told by {@link VoiceSession#keypad}) as a caller turn. */
    void callerKeypad(String itemId, Optional<String> previous, String digit);

    /** No one spoke for the model's idle timeout: the next reply prompts the caller and is no activity. */
    void callerSilent(long silentMs);

    /** The model started generating a reply. */
    void replyCreated();

    /** A reply item: its audio follows. */
    void replyStarted(String itemId, Optional<String> previous);

    /** A chunk of the reply's audio, μ-law 8 kHz base64, ready for Twilio. */
    void replyAudio(String itemId, String mulaw);

    /** The reply's words so far ({@code done} false: a delta to append) or in full. */
    void replyText(String itemId, String text, boolean done);

    /** The model finished (or cancelled) its reply. */
    void replyDone(long inputTokens, long outputTokens);

    /**
     * The current session was lost. {@code replayedItem}: a committed caller turn whose audio goes to the next
     * session again (the call drops the item: the next session makes a new one); {@code gaveUp}: why no further
     * session will be tried, if none will.
     */
    void sessionLost(String why, Optional<String> replayedItem, Optional<String> gaveUp);

    /** What to tell a new session. */
    Conversation conversation();

    /** Adds one to a counter of the call's summary. */
    void count(String counter);

    /** A message type this bridge does not know: counted, and logged the first time per call. */
    void unrecognized(String api, String type);
}
