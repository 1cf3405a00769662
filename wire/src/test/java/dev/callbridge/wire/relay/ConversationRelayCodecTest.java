package dev.callbridge.wire.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.callbridge.wire.WireFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden messages from twilio.com/docs/voice/conversationrelay/websocket-messages (see PROTOCOLS.md §2). */
class ConversationRelayCodecTest {

    @Test
    void readsEveryMessageTwilioSends() {
        var setup = ConversationRelayCodec.decodeMessage("""
                {"type":"setup","sessionId":"VX00000000000000000000000000000000","accountSid":"AC123",
                 "parentCallSid":"","callSid":"CA456","from":"+12065550100","to":"+18085550199",
                 "forwardedFrom":"+18085550199","callType":"PSTN","callerName":"","direction":"inbound",
                 "callStatus":"RINGING","customParameters":{"callReference":"bar","n":7}}""");
        assertEquals(new RelayMessage.Setup("VX00000000000000000000000000000000", "AC123", "CA456", "+12065550100",
                "+18085550199", "inbound", Map.of("callReference", "bar", "n", "7")), setup);
        assertEquals(new RelayMessage.Prompt("Hi!", "en-US", true), ConversationRelayCodec.decodeMessage(
                "{\"type\":\"prompt\",\"voicePrompt\":\"Hi!\",\"lang\":\"en-US\",\"last\":true}"));
        assertEquals(new RelayMessage.Prompt("Hi", "en-US", false), ConversationRelayCodec.decodeMessage(
                "{\"type\":\"prompt\",\"voicePrompt\":\"Hi\",\"lang\":\"en-US\",\"last\":false}"));
        assertEquals(new RelayMessage.Dtmf("1"), ConversationRelayCodec.decodeMessage("{\"type\":\"dtmf\",\"digit\":\"1\"}"));
        assertEquals(new RelayMessage.Error("Invalid message received: x"), ConversationRelayCodec.decodeMessage(
                "{\"type\":\"error\",\"description\":\"Invalid message received: x\"}"));
        assertEquals(new RelayMessage.Info(Map.of("name", "agentSpeaking", "value", "on")),
                ConversationRelayCodec.decodeMessage("{\"type\":\"info\",\"name\":\"agentSpeaking\",\"value\":\"on\"}"));
        assertEquals(new RelayMessage.Unrecognized("somethingNew"),
                ConversationRelayCodec.decodeMessage("{\"type\":\"somethingNew\",\"x\":1}"));
    }

    /** One copy of Twilio's page shows the duration as a string, another as a number: both, and decimals. */
    @Test
    void interruptDurationIsReadAsNumberOrString() {
        for (String duration : List.of("460", "\"460\"", "459.6", "\"459.6\"")) {
            assertEquals(new RelayMessage.Interrupt("Life is a complex set of", 460),
                    ConversationRelayCodec.decodeMessage("{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":"
                            + "\"Life is a complex set of\",\"durationUntilInterruptMs\":" + duration + "}"), duration);
        }
    }

    @Test
    void messagesSurviveARoundTrip() {
        List<RelayMessage> messages = List.of(
                new RelayMessage.Setup("VX1", "AC1", "CA1", "+1555", "+1666", "inbound", Map.of("token", "t")),
                new RelayMessage.Prompt("hello there", "ja-JP", true), new RelayMessage.Interrupt("Hel", 120),
                new RelayMessage.Dtmf("#"), new RelayMessage.Info(Map.of("name", "tokensPlayed", "value", "Hi")),
                new RelayMessage.Error("bad"));
        for (RelayMessage m : messages) {
            assertEquals(m, ConversationRelayCodec.decodeMessage(ConversationRelayCodec.encodeMessage(m)));
        }
    }

    @Test
    void writesCommandsExactlyAsTwilioAcceptsThem() {
        assertEquals("{\"type\":\"text\",\"token\":\"Hello\",\"last\":false}",
                ConversationRelayCodec.encodeCommand(new RelayCommand.Text("Hello", false)));
        assertEquals("{\"type\":\"end\"}", ConversationRelayCodec.encodeCommand(new RelayCommand.End("")));
        assertEquals("{\"type\":\"end\",\"handoffData\":\"{\\\"reason\\\":\\\"done\\\"}\"}",
                ConversationRelayCodec.encodeCommand(new RelayCommand.End("{\"reason\":\"done\"}")));
        assertEquals(new RelayCommand.Text("Hi", true), ConversationRelayCodec.decodeCommand(
                ConversationRelayCodec.encodeCommand(new RelayCommand.Text("Hi", true))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"type\":7}", "{\"type\":\"prompt\"}", "{\"type\":\"setup\"}",
            "{\"type\":\"dtmf\"}", "{\"type\":\"prompt\",\"voicePrompt\":\"x\",\"last\":\"maybe\"}",
            "{\"type\":\"interrupt\",\"durationUntilInterruptMs\":\"soon\"}",
            "{\"type\":\"interrupt\",\"durationUntilInterruptMs\":-5}"})
    void malformedMessagesFailWithAReason(String text) {
        assertThrows(WireFormatException.class, () -> ConversationRelayCodec.decodeMessage(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"say\",\"token\":\"x\"}", "{\"type\":\"text\"}",
            "{\"type\":\"text\",\"token\":\"x\",\"last\":\"yes\"}"})
    void twilioRefusesCommandsItDoesNotAccept(String text) {
        assertThrows(WireFormatException.class, () -> ConversationRelayCodec.decodeCommand(text));
    }
}
