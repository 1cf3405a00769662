package dev.callbridge.wire.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.wire.WireFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden messages from twilio.com/docs/voice/media-streams/websocket-messages. */
class MediaStreamCodecTest {

    @Test
    void readsEveryMessageTwilioSends() {
        assertEquals(new TwilioEvent.Connected("Call", "1.0.0"),
                MediaStreamCodec.decodeEvent("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"));

        var start = MediaStreamCodec.decodeEvent("""
                {"event":"start","sequenceNumber":"1","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0",
                 "start":{"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","accountSid":"AC123","callSid":"CA456",
                 "tracks":["inbound"],"customParameters":{"tenant":"acme"},
                 "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}""");
        assertEquals(new TwilioEvent.Start(1, "MZ18ad3ab5a668481ce02b83e7395059f0", "AC123", "CA456",
                List.of("inbound"), Map.of("tenant", "acme"), TwilioEvent.MediaFormat.MULAW_8K), start);

        assertEquals(new TwilioEvent.Media(4, "MZ1", "inbound", 2, 5, "f39/"), MediaStreamCodec.decodeEvent("""
                {"event":"media","sequenceNumber":"4","streamSid":"MZ1",
                 "media":{"track":"inbound","chunk":"2","timestamp":"5","payload":"f39/"}}"""));
        assertEquals(new TwilioEvent.Dtmf(5, "MZ1", "inbound_track", "1"), MediaStreamCodec.decodeEvent(
                "{\"event\":\"dtmf\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}"));
        assertEquals(new TwilioEvent.Mark(4, "MZ1", "my label"), MediaStreamCodec.decodeEvent(
                "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"my label\"}}"));
        assertEquals(new TwilioEvent.Stop(5, "MZ1", "AC1", "CA1"), MediaStreamCodec.decodeEvent(
                "{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZ1\",\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\"CA1\"}}"));
    }

    /**
     * Media messages take a fast path ({@link MediaScanner}); whatever it accepts must decode exactly as the tree
     * model does, and whatever it does not must fail with the tree model's reason. Checked on variants of a real
     * message and on 20,000 seeded single-character and 10,000 two-character mutations of it.
     */
    @Test
    void theStreamingMediaPathAgreesWithTheTreeModelOnEveryInput() {
        String real = "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\","
                + "\"media\":{\"track\":\"inbound\",\"chunk\":\"1\",\"timestamp\":\"5\",\"payload\":\"no+JhoaJjpz/\"}}";
        List<String> variants = List.of(real,
                real.replace("\"3\"", "3").replace("\"1\"", "1").replace("\"5\"", "5"), // numbers as numbers
                real.replace("\"track\":\"inbound\",", ""),                              // no track
                real.replace("\"inbound\"", "null"),                                        // null track
                real.replace("\"inbound\"", "7"),                                           // a number as track
                real.replace("\"3\"", "3.0"),                                                // a float
                real.replace("\"3\"", "\"-3\""),                                             // negative
                real.replace("}}", ",\"extra\":{\"a\":[1,2]}}}"),                            // unknown fields
                real.replace("}}", "}} trailing"),
                real.replace("\"payload\":\"no+JhoaJjpz/\"", "\"payload\":\"no+Jhoa\""), // not base64
                real.replace(",", " ,\n\t").replace(":", "\r: "),                          // whitespace
                "{\"event\":\"media\",\"media\":{\"payload\":\"no+JhoaJjpz/\",\"timestamp\":5,\"chunk\":\"1\"},"
                        + "\"streamSid\":\"MZ1\",\"sequenceNumber\":\"3\"}",              // another order
                real.replace("no+JhoaJjpz/", "no+JhoaJjpz\\/"),                              // an escape
                real.replace("no+J", "n\\\"+J"), real.replace("no+J", "no\u0001J"),          // escaped quote, control
                real.replace("\"streamSid\"", "\"streamSid\":\"MZ0\",\"streamSid\""),      // a duplicate
                real.replace("\"chunk\":\"1\"", "\"chunk\":\"1\",\"chunk\":\"2\""),    // a duplicate inside
                real + "\u0000", real + " \n",                                            // NUL, whitespace after
                real.replace("\"3\"", "03"), real.replace("\"3\"", "\"0003\""),          // leading zeros
                real.replace("\"3\"", "\"1234567890123456789012\""),                      // too long
                real.replace("\"3\"", "\"\""));                                           // empty
        var random = new java.util.SplittableRandom(7);
        String alphabet = "{}[]\":,0123456789-.abcdefghijklmnopqrstuvwxyz+/=\\ \u00e9";
        var mutations = new java.util.ArrayList<String>(variants);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = real.toCharArray();
            chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            mutations.add(new String(chars));
        }
        for (int i = 0; i < 10_000; i++) {
            char[] chars = real.toCharArray();
            for (int k = 0; k < 2; k++) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            mutations.add(new String(chars));
        }
        int scanned = 0;
        int streamedAgreed = 0;
        int refusedAgreed = 0;
        for (String text : mutations) {
            String viaTree = outcome(() -> MediaStreamCodec.decodeTree(text));
            String actual = outcome(() -> MediaStreamCodec.decodeEvent(text));
            assertEquals(viaTree, actual, text);
            if (text.startsWith("{\"event\":\"media\"") && MediaScanner.scan(text, "{\"event\":\"media\"".length()) != null) {
                scanned++;
            }
            if (actual.startsWith("ok ")) {
                streamedAgreed++;
            } else {
                refusedAgreed++;
            }
        }
        System.out.println("streaming media path vs tree model on " + mutations.size() + " inputs: expected all equal, "
                + "actual " + streamedAgreed + " decoded alike (" + scanned + " by the scanner), " + refusedAgreed
                + " refused alike");
        assertTrue(streamedAgreed > 1000 && refusedAgreed > 1000, "both outcomes exercised");
        assertNotNull(MediaStreamCodec.streamedMedia(real), "the real message takes the fast path");
        assertTrue(scanned > streamedAgreed / 2, "the fast path takes most messages it can: " + scanned);
    }

    private static String outcome(java.util.function.Supplier<TwilioEvent> decode) {
        try {
            return "ok " + decode.get();
        } catch (WireFormatException e) {
            return "refused " + e.getMessage();
        }
    }

    @Test
    void eventsSurviveARoundTrip() {
        List<TwilioEvent> events = List.of(new TwilioEvent.Connected("Call", "1.0.0"),
                new TwilioEvent.Start(1, "MZ1", "AC1", "CA1", List.of("inbound"), Map.of("from", "+15551234567"),
                        TwilioEvent.MediaFormat.MULAW_8K),
                new TwilioEvent.Media(2, "MZ1", "inbound", 1, 0, "AAAA"), new TwilioEvent.Mark(3, "MZ1", "a:1"),
                new TwilioEvent.Dtmf(4, "MZ1", "inbound_track", "#"), new TwilioEvent.Stop(5, "MZ1", "AC1", "CA1"));
        for (TwilioEvent e : events) {
            assertEquals(e, MediaStreamCodec.decodeEvent(MediaStreamCodec.encodeEvent(e)));
        }
    }

    @Test
    void writesCommandsExactlyAsTwilioAcceptsThem() {
        assertEquals("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"f39/\"}}",
                MediaStreamCodec.encodeCommand(new TwilioCommand.Media("MZ1", "f39/")));
        assertEquals("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"item_9:120\"}}",
                MediaStreamCodec.encodeCommand(new TwilioCommand.Mark("MZ1", "item_9:120")));
        assertEquals("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}",
                MediaStreamCodec.encodeCommand(new TwilioCommand.Clear("MZ1")));
        // The media fast path (no tree) must write what the tree writes, and step aside for text that needs escaping.
        for (TwilioCommand c : List.of(new TwilioCommand.Media("MZ1", "AA=="), new TwilioCommand.Mark("MZ1", "m"),
                new TwilioCommand.Clear("MZ1"), new TwilioCommand.Media("MZ\"1\\é", "AA=="))) {
            assertEquals(c, MediaStreamCodec.decodeCommand(MediaStreamCodec.encodeCommand(c)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "not json", "{\"event\":42}", "{\"sequenceNumber\":\"1\"}",
            "{\"event\":\"media\",\"sequenceNumber\":\"x\",\"streamSid\":\"MZ1\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"\"}}",
            "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ1\"}",
            "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ1\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"ab\\\"c\"}}",
            "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ1\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"a=bc\"}}",
            "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"streamSid\":\"MZ1\",\"media\":{\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"abcde\"}}",
            "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ1\",\"start\":{\"streamSid\":\"MZ2\",\"accountSid\":\"AC\",\"callSid\":\"CA\",\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}"})
    void malformedMessagesFailWithAReason(String text) {
        var e = assertThrows(WireFormatException.class, () -> MediaStreamCodec.decodeEvent(text));
        System.out.printf("input %s -> %s%n", text.isEmpty() ? "<empty>" : text, e.getMessage());
        assertTrue(!e.getMessage().isBlank());
    }

    /** Twilio adds event types: a well-formed message of one this codec does not know is a value, never an error. */
    @Test
    void anUnknownEventTypeIsAValueNotAnError() {
        String text = "{\"event\":\"transcription\",\"sequenceNumber\":\"7\",\"streamSid\":\"MZ1\","
                + "\"transcription\":{\"text\":\"hello\"}}";
        TwilioEvent event = MediaStreamCodec.decodeEvent(text);
        System.out.println("unknown event: expected Unrecognized[event=transcription, …], actual " + event);
        assertEquals(new TwilioEvent.Unrecognized("transcription", text), event);
        assertEquals(text, MediaStreamCodec.encodeEvent(event), "the simulator can send one as it came");
    }
}
