package dev.callbridge.wire.twilio;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message Twilio sends on a Media Streams WebSocket (twilio.com/docs/voice/media-streams/websocket-messages).
 * Numbers that Twilio sends as strings are parsed here; {@code sequenceNumber} counts every message after
 * {@code connected}.
 */
public sealed interface TwilioEvent {

    /** First message on the socket; has neither sequence number nor stream SID. */
    record Connected(String protocol, String version) implements TwilioEvent {
        public Connected {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(version);
        }
    }

    record Start(long sequenceNumber, String streamSid, String accountSid, String callSid, List<String> tracks,
                 Map<String, String> customParameters, MediaFormat mediaFormat) implements TwilioEvent {
        public Start {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(callSid);
            Objects.requireNonNull(accountSid);
            Objects.requireNonNull(mediaFormat);
            tracks = List.copyOf(tracks);
            customParameters = Map.copyOf(customParameters);
        }
    }

    /**
     * One inbound audio frame. {@code payload} is base64 of raw μ-law 8 kHz, kept encoded so that passthrough
     * never decodes it; {@code timestampMs} is milliseconds since the stream started.
     */
    record Media(long sequenceNumber, String streamSid, String track, long chunk, long timestampMs, String payload)
            implements TwilioEvent {
        public Media {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(track);
            Objects.requireNonNull(payload);
        }
    }

    /** Twilio's echo of a mark we sent: the audio queued before it has played (or was cleared). */
    record Mark(long sequenceNumber, String streamSid, String name) implements TwilioEvent {
        public Mark {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(name);
        }
    }

    record Dtmf(long sequenceNumber, String streamSid, String track, String digit) implements TwilioEvent {
        public Dtmf {
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(digit);
        }
    }

    record Stop(long sequenceNumber, String streamSid, String accountSid, String callSid) implements TwilioEvent {
        public Stop {
            Objects.requireNonNull(streamSid);
        }
    }

    /**
     * A well-formed message of an event type this codec does not know (Twilio adds them): counted and logged, never
     * fatal. {@code json} is the message as it came.
     */
    record Unrecognized(String event, String json) implements TwilioEvent {
        public Unrecognized {
            Objects.requireNonNull(event);
            Objects.requireNonNull(json);
        }
    }

    /** The {@code start.mediaFormat} object. */
    record MediaFormat(String encoding, int sampleRate, int channels) {
        public static final MediaFormat MULAW_8K = new MediaFormat("audio/x-mulaw", 8_000, 1);

        public MediaFormat {
            Objects.requireNonNull(encoding);
        }
    }
}
