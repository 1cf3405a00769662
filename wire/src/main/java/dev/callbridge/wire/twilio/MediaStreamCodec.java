package dev.callbridge.wire.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.audio.Base64Text;
import dev.callbridge.wire.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON ⇄ records for Twilio Media Streams, both directions: the bridge decodes {@link TwilioEvent}s and encodes
 * {@link TwilioCommand}s; the simulator, playing Twilio, does the reverse. Pure and thread-safe.
 */
public final class MediaStreamCodec {

    private MediaStreamCodec() {}

    /**
     * Reads a message Twilio sends. Malformed JSON or a broken known event throws {@link WireFormatException} with a
     * close-worthy reason; a well-formed message of an unknown event type is a {@link TwilioEvent.Unrecognized}.
     */
    public static TwilioEvent decodeEvent(String text) {
        if (text.startsWith(MEDIA_PREFIX)) {
            TwilioEvent.Media media = streamedMedia(text);
            if (media != null) {
                return media;
            }
        }
        return decodeTree(text);
    }

    /** Every message through the tree model: the reference the streaming path is tested against. */
    static TwilioEvent decodeTree(String text) {
        ObjectNode root = Json.parseObject(text);
        String event = Json.text(root, "event");
        return switch (event) {
            case "connected" -> new TwilioEvent.Connected(Json.optText(root, "protocol"), Json.optText(root, "version"));
            case "start" -> decodeStart(root);
            case "media" -> {
                JsonNode media = Json.object(root, "media");
                yield new TwilioEvent.Media(Json.integer(root, "sequenceNumber"), Json.text(root, "streamSid"),
                        Json.optText(media, "track"), Json.integer(media, "chunk"), Json.integer(media, "timestamp"),
                        Base64Text.require("media payload", Json.text(media, "payload")));
            }
            case "mark" -> new TwilioEvent.Mark(Json.integer(root, "sequenceNumber"), Json.text(root, "streamSid"),
                    Json.text(Json.object(root, "mark"), "name"));
            case "dtmf" -> {
                JsonNode dtmf = Json.object(root, "dtmf");
                yield new TwilioEvent.Dtmf(Json.integer(root, "sequenceNumber"), Json.text(root, "streamSid"),
                        Json.optText(dtmf, "track"), Json.text(dtmf, "digit"));
            }
            case "stop" -> {
                JsonNode stop = root.path("stop");
                yield new TwilioEvent.Stop(Json.integer(root, "sequenceNumber"), Json.text(root, "streamSid"),
                        Json.optText(stop, "accountSid"), Json.optText(stop, "callSid"));
            }
            default -> new TwilioEvent.Unrecognized(event, text);
        };
    }

    /** How Twilio begins every media message; only these take the streaming path. */
    private static final String MEDIA_PREFIX = "{\"event\":\"media\"";

    /**
     * A media message read by {@link MediaScanner} (50 a second per call: a parser and its tokens were most of the
     * decoding cost), or null for anything it leaves to the tree model.
     */
    static TwilioEvent.Media streamedMedia(String text) {
        MediaScanner.Fields f = MediaScanner.scan(text, MEDIA_PREFIX.length());
        // The scanner reads the payload up to the next quote unchecked; base64 has no quote, escape or control
        // character, so a payload that passes is exactly the JSON string, and one that fails goes to the tree.
        return f == null || Base64Text.problem(f.payload()) != null ? null
                : new TwilioEvent.Media(f.sequenceNumber(), f.streamSid(), f.track(), f.chunk(), f.timestamp(), f.payload());
    }

    private static TwilioEvent.Start decodeStart(ObjectNode root) {
        JsonNode start = Json.object(root, "start");
        List<String> tracks = new ArrayList<>();
        start.path("tracks").forEach(t -> tracks.add(t.asText()));
        Map<String, String> params = new LinkedHashMap<>();
        start.path("customParameters").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode format = Json.object(start, "mediaFormat");
        var mediaFormat = new TwilioEvent.MediaFormat(Json.text(format, "encoding"),
                (int) Json.integer(format, "sampleRate"), (int) Json.integer(format, "channels"));
        String streamSid = Json.text(root, "streamSid");
        String innerSid = Json.optText(start, "streamSid");
        if (!innerSid.isEmpty() && !innerSid.equals(streamSid)) {
            throw new WireFormatException("start.streamSid " + innerSid + " differs from streamSid " + streamSid);
        }
        return new TwilioEvent.Start(Json.integer(root, "sequenceNumber"), streamSid, Json.text(start, "accountSid"),
                Json.text(start, "callSid"), tracks, params, mediaFormat);
    }

    /** Writes a message as Twilio would send it (numbers as strings, as Twilio does). */
    public static String encodeEvent(TwilioEvent event) {
        if (event instanceof TwilioEvent.Unrecognized u) {
            return u.json();
        }
        ObjectNode root = Json.object();
        switch (event) {
            case TwilioEvent.Unrecognized u -> throw new AssertionError("written as it came, above");
            case TwilioEvent.Connected c -> root.put("event", "connected").put("protocol", c.protocol())
                    .put("version", c.version());
            case TwilioEvent.Start s -> {
                header(root, "start", s.sequenceNumber(), s.streamSid());
                ObjectNode start = root.putObject("start");
                start.put("streamSid", s.streamSid()).put("accountSid", s.accountSid()).put("callSid", s.callSid());
                s.tracks().forEach(start.putArray("tracks")::add);
                ObjectNode params = start.putObject("customParameters");
                s.customParameters().forEach(params::put);
                start.putObject("mediaFormat").put("encoding", s.mediaFormat().encoding())
                        .put("sampleRate", s.mediaFormat().sampleRate()).put("channels", s.mediaFormat().channels());
            }
            case TwilioEvent.Media m -> {
                header(root, "media", m.sequenceNumber(), m.streamSid());
                root.putObject("media").put("track", m.track()).put("chunk", Long.toString(m.chunk()))
                        .put("timestamp", Long.toString(m.timestampMs())).put("payload", m.payload());
            }
            case TwilioEvent.Mark m -> {
                header(root, "mark", m.sequenceNumber(), m.streamSid());
                root.putObject("mark").put("name", m.name());
            }
            case TwilioEvent.Dtmf d -> {
                header(root, "dtmf", d.sequenceNumber(), d.streamSid());
                root.putObject("dtmf").put("track", d.track()).put("digit", d.digit());
            }
            case TwilioEvent.Stop s -> {
                header(root, "stop", s.sequenceNumber(), s.streamSid());
                root.putObject("stop").put("accountSid", s.accountSid()).put("callSid", s.callSid());
            }
        }
        return Json.write(root);
    }

    private static void header(ObjectNode root, String event, long sequenceNumber, String streamSid) {
        root.put("event", event).put("sequenceNumber", Long.toString(sequenceNumber)).put("streamSid", streamSid);
    }

    /** Writes a server command exactly as Twilio accepts it: no extra fields (warning 31951). */
    public static String encodeCommand(TwilioCommand command) {
        if (command instanceof TwilioCommand.Media m && Json.plain(m.streamSid())) { // the payload is base64
            return "{\"event\":\"media\",\"streamSid\":\"" + m.streamSid() + "\",\"media\":{\"payload\":\""
                    + m.payload() + "\"}}"; // every reply delta
        }
        ObjectNode root = Json.object();
        switch (command) {
            case TwilioCommand.Media m -> root.put("event", "media").put("streamSid", m.streamSid())
                    .putObject("media").put("payload", m.payload());
            case TwilioCommand.Mark m -> root.put("event", "mark").put("streamSid", m.streamSid())
                    .putObject("mark").put("name", m.name());
            case TwilioCommand.Clear c -> root.put("event", "clear").put("streamSid", c.streamSid());
        }
        return Json.write(root);
    }

    /** Reads a server command, as Twilio does. */
    public static TwilioCommand decodeCommand(String text) {
        ObjectNode root = Json.parseObject(text);
        String event = Json.text(root, "event");
        String streamSid = Json.text(root, "streamSid");
        return switch (event) {
            case "media" -> new TwilioCommand.Media(streamSid,
                    Base64Text.require("media payload", Json.text(Json.object(root, "media"), "payload")));
            case "mark" -> new TwilioCommand.Mark(streamSid, Json.text(Json.object(root, "mark"), "name"));
            case "clear" -> new TwilioCommand.Clear(streamSid);
            default -> throw new WireFormatException("Twilio does not accept event '" + event + "'");
        };
    }
}
