package dev.callbridge.bridge.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
import dev.callbridge.mailer.summary.Turn;
import dev.callbridge.wire.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Journal lines ⇄ records: one JSON object per line, {@code "k"} names its kind. Pure. */
final class JournalCodec {
    private JournalCodec() {}

    static String encode(CallJournal.Header h) {
        return Json.write(Json.object().put("k", "call").put("channel", h.channel().name()).put("callId", h.callId())
                .put("streamSid", h.streamSid()).put("from", h.from()).put("to", h.to()).put("persona", h.persona())
                .put("startedAt", h.startedAt().toString()).put("remote", h.remoteAddress()).put("instance", h.instanceId()));
    }

    static CallJournal.Header decodeHeader(String line) {
        ObjectNode o = Json.parseObject(line);
        if (!Json.text(o, "k").equals("call")) {
            throw new IllegalArgumentException("the first line of a call journal is its header");
        }
        return new CallJournal.Header(CallSummary.Channel.valueOf(Json.text(o, "channel")), Json.text(o, "callId"),
                Json.text(o, "streamSid"), Json.text(o, "from"), Json.text(o, "to"),
                o.path("persona").asText(""), // absent in journals written before personas (2026-12-08)
                Instant.parse(Json.text(o, "startedAt")),
                Json.text(o, "remote"), Json.text(o, "instance"));
    }

    static String encode(Transcript.Change change) {
        ObjectNode o = Json.object();
        switch (change) {
            case Transcript.Change.Placed p -> {
                o.put("k", "placed").put("id", p.itemId()).put("speaker", p.speaker().name());
                p.previousItemId().ifPresent(prev -> o.put("previous", prev));
            }
            case Transcript.Change.Started s -> o.put("k", "started").put("id", s.itemId())
                    .put("speaker", s.speaker().name()).put("offsetMs", s.offset().toMillis());
            case Transcript.Change.Text t -> o.put("k", "text").put("id", t.itemId()).put("speaker", t.speaker().name())
                    .put("text", t.text());
            case Transcript.Change.Interrupted i -> o.put("k", "interrupted").put("id", i.itemId())
                    .put("heard", i.heardFraction());
            case Transcript.Change.Discarded d -> o.put("k", "discarded").put("id", d.itemId());
        }
        return Json.write(o);
    }

    static Transcript.Change decodeChange(String line) {
        ObjectNode o = Json.parseObject(line);
        String id = Json.text(o, "id");
        return switch (Json.text(o, "k")) {
            case "placed" -> new Transcript.Change.Placed(id, Optional.ofNullable(o.get("previous")).map(n -> n.asText()),
                    speaker(o));
            case "started" -> new Transcript.Change.Started(id, speaker(o), Duration.ofMillis(Json.integer(o, "offsetMs")));
            case "text" -> new Transcript.Change.Text(id, speaker(o), Json.text(o, "text"));
            case "interrupted" -> new Transcript.Change.Interrupted(id, o.path("heard").asDouble(1));
            case "discarded" -> new Transcript.Change.Discarded(id);
            default -> throw new IllegalArgumentException("unknown journal line " + Json.text(o, "k"));
        };
    }

    private static Turn.Speaker speaker(ObjectNode o) {
        return Turn.Speaker.valueOf(Json.text(o, "speaker"));
    }
}
