package dev.callbridge.bridge.call;

/**
 * A voice API that can answer calls: OpenAI Realtime today ({@code realtime.RealtimeVoice}); GPT-Live plugs in
 * beside it. The call core knows only this seam: it hands the API the caller's audio and what the caller heard, and
 * is told in {@link VoiceEvents} what the model heard and said, already interpreted, with the audio in Twilio's
 * format. Everything protocol-specific (the wire events, session set-up, reseeding and rollover, the model's audio
 * format) stays on the API's side.
 */
public interface VoiceApi {
    /** Starts the voice side of a call; nothing is dialled until {@link VoiceSession#open}. */
    VoiceSession start(String callId, VoiceEvents events);

    /** Names the API and model in the start-up log and in a call's counters, e.g. {@code realtime gpt-realtime-2.1}. */
    String describe();
}
