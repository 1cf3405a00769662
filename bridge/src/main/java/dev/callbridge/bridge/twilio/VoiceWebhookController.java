package dev.callbridge.bridge.twilio;

import com.twilio.twiml.VoiceResponse;
import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.bridge.call.CallSettings;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Stream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /twilio/voice}: Twilio's voice webhook. Answers TwiML that connects the call to a bidirectional
 * Media Stream on this bridge, passing the call's numbers and its call token as {@code <Parameter>}s (they arrive
 * in {@code start.customParameters}; the stream URL itself must carry no query string).
 */
@RestController
public final class VoiceWebhookController {
    /** Stream parameter name, then the webhook form field it comes from. */
    private static final List<String[]> PARAMETERS =
            List.of(new String[] {"callSid", "CallSid"}, new String[] {"from", "From"}, new String[] {"to", "To"});

    private final URI mediaStreamUrl;
    private final Optional<CallTokens> callTokens;

    public VoiceWebhookController(BridgeProperties properties, CallSettings settings) {
        this.mediaStreamUrl = properties.mediaStreamUrl();
        this.callTokens = settings.callTokens();
    }

    @PostMapping(path = "/twilio/voice", produces = MediaType.APPLICATION_XML_VALUE)
    public String voice(@RequestParam Map<String, String> form) {
        Stream.Builder stream = new Stream.Builder().url(mediaStreamUrl.toString());
        for (String[] p : PARAMETERS) {
            String value = form.getOrDefault(p[1], "");
            if (!value.isEmpty()) {
                stream.parameter(new Parameter.Builder().name(p[0]).value(value).build());
            }
        }
        String callSid = form.getOrDefault("CallSid", "");
        callTokens.filter(t -> !callSid.isEmpty()).ifPresent(t -> stream.parameter(
                new Parameter.Builder().name("token").value(t.mint(callSid)).build()));
        return new VoiceResponse.Builder().connect(new Connect.Builder().stream(stream.build()).build()).build().toXml();
    }
}
