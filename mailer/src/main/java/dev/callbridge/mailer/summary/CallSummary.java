package dev.callbridge.mailer.summary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the bridge hands to the mail pipeline when a call ends: call metadata and the ordered spoken-turn
 * transcript. Rendered to text for the queue by {@link CallText} (the queue carries a
 * {@code dev.callbridge.mailer.request.MailRequest}).
 *
 * @param channel a voice call (Media Streams, {@code streamSid} the stream) or a text call (ConversationRelay,
 *                {@code streamSid} the relay session id)
 * @param callId Twilio's call SID (the de-duplication key)
 * @param persona who answered the call (the bridge's persona), empty when the call had none
 * @param endReason why the call ended, e.g. {@code twilio-stop}, {@code realtime-closed}
 * @param counters per-call counts (frames in and out, drops, unrecognised events)
 * @param recording where the call's stereo recording was written (with any note), empty when not recorded
 */
public record CallSummary(Channel channel, String callId, String streamSid, String from, String to, String persona,
                          Instant startedAt,
                          Instant endedAt, String endReason, List<Turn> turns, Map<String, Long> counters,
                          String recording) {
    public CallSummary {
        Objects.requireNonNull(channel);
        Objects.requireNonNull(callId);
        Objects.requireNonNull(streamSid);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(persona);
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(endedAt);
        Objects.requireNonNull(endReason);
        turns = List.copyOf(turns);
        counters = Map.copyOf(counters);
        recording = recording == null ? "" : recording;
        if (callId.isBlank()) {
            throw new IllegalArgumentException("callId must not be blank");
        }
    }

    /** How the caller talked to the assistant. */
    public enum Channel {
        VOICE("Call", "Stream SID"), TEXT("Text call", "Session ID");

        private final String label;
        private final String sessionLabel;

        Channel(String label, String sessionLabel) {
            this.label = label;
            this.sessionLabel = sessionLabel;
        }

        /** What a mail subject calls it. */
        public String label() {
            return label;
        }

        /** What the mail header calls {@code streamSid}. */
        public String sessionLabel() {
            return sessionLabel;
        }
    }

    /**
     * This summary with the call's whole transcript and its recording, which a call completes off its own thread once
     * it has ended (its journal read back, its recording written).
     */
    public CallSummary completed(List<Turn> allTurns, String recordingNote) {
        return new CallSummary(channel, callId, streamSid, from, to, persona, startedAt, endedAt, endReason, allTurns,
                counters, recordingNote);
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
