package dev.callbridge.bridge.twilio;

import com.twilio.twiml.VoiceResponse;
import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.bridge.call.CallSettings;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Stream;
import dev.callbridge.bridge.call.CallRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    static final String BUSY = "Sorry, all our lines are busy right now. Please call again in a few minutes. Goodbye.";
    private static final Logger log = LoggerFactory.getLogger(VoiceWebhookController.class);

    private final URI mediaStreamUrl;
    private final Optional<CallTokens> callTokens;
    private final CallRegistry registry;
    private final int maxConcurrent;

    public VoiceWebhookController(BridgeProperties properties, CallSettings settings, CallRegistry registry) {
        this.mediaStreamUrl = properties.mediaStreamUrl();
        this.callTokens = settings.callTokens();
        this.registry = registry;
        this.maxConcurrent = properties.calls().maxConcurrent();
    }

    @PostMapping(path = "/twilio/voice", produces = MediaType.APPLICATION_XML_VALUE)
    public String voice(@RequestParam Map<String, String> form) {
        // Checked against streams in progress: calls whose stream is still connecting are not counted, so a burst
        // of webhooks at the limit can overshoot it by that many.
        if (registry.activeCount() >= maxConcurrent) {
            registry.refused();
            log.warn("call {} refused: {} calls active, callbridge.calls.max-concurrent={}", form.getOrDefault("CallSid", "?"),
                    registry.activeCount(), maxConcurrent);
            return new VoiceResponse.Builder().say(new Say.Builder(BUSY).build()).hangup(new Hangup.Builder().build())
                    .build().toXml();
        }
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
