package dev.callbridge.bridge.twilio;

import com.twilio.twiml.VoiceResponse;
import dev.callbridge.bridge.BridgeProperties;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.ConversationRelay;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Stream;
import dev.callbridge.bridge.call.CallAuthenticator;
import dev.callbridge.bridge.call.CallRegistry;
import dev.callbridge.bridge.persona.Persona;
import dev.callbridge.bridge.persona.Personas;
import dev.callbridge.bridge.text.TextProcessors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /twilio/voice}: Twilio's voice webhook. Answers TwiML that connects the call to a bidirectional
 * Media Stream on this bridge, or, for a text call, to ConversationRelay (Twilio does speech, the bridge answers
 * text), passing the call's numbers and its call token as {@code <Parameter>}s (they arrive in
 * {@code start.customParameters} or {@code setup.customParameters}; the socket URL itself carries no query string).
 * A call is a text call when its number is in {@code callbridge.text.numbers} or the webhook URL says
 * {@code ?mode=text}; {@code &processor=} picks its text processor. A voice call is answered by the persona
 * {@code ?persona=} names, else by the one that lists the called number, else by the default; the persona goes in a
 * parameter, and the call token binds it to the call.
 */
@RestController
public final class VoiceWebhookController {
    /** Stream parameter name, then the webhook form field it comes from. */
    private static final List<String[]> PARAMETERS =
            List.of(new String[] {"callSid", "CallSid"}, new String[] {"from", "From"}, new String[] {"to", "To"});

    static final String BUSY = "Sorry, all our lines are busy right now. Please call again in a few minutes. Goodbye.";
    private static final Logger log = LoggerFactory.getLogger(VoiceWebhookController.class);

    private final URI mediaStreamUrl;
    private final URI relayUrl;
    private final Optional<CallTokens> callTokens;
    private final CallRegistry registry;
    private final int maxConcurrent;
    private final TextProcessors processors;
    private final Personas personas;
    private final BridgeProperties.Text text;

    public VoiceWebhookController(BridgeProperties properties, TwilioCallTokens callTokens, CallRegistry registry,
                                  TextProcessors processors, Personas personas, TwilioStreams streams) {
        this.mediaStreamUrl = streams.mediaStream();
        this.relayUrl = streams.conversationRelay();
        this.callTokens = callTokens.tokens();
        this.registry = registry;
        this.maxConcurrent = properties.calls().maxConcurrent();
        this.processors = processors;
        this.personas = personas;
        this.text = properties.text();
    }

    @PostMapping(path = "/twilio/voice", produces = MediaType.APPLICATION_XML_VALUE)
    public String voice(@RequestParam Map<String, String> form) {
        Optional<String> refusal = refusal();
        if (refusal.isPresent()) {
            registry.refused();
            log.warn("call {} refused: {}", form.getOrDefault("CallSid", "?"), refusal.get());
            return new VoiceResponse.Builder().say(new Say.Builder(BUSY).build()).hangup(new Hangup.Builder().build())
                    .build().toXml();
        }
        String to = form.getOrDefault("To", "");
        boolean textCall = "text".equals(form.get("mode")) || processors.textNumber(to);
        String callSid = form.getOrDefault("CallSid", "");
        Connect.Builder connect = new Connect.Builder();
        if (textCall) {
            List<Parameter> parameters = parameters(form, callSid);
            String processor = processors.choose(form.get("processor"), to);
            if (processors.find(processor).isEmpty()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown text processor '" + processor
                        + "' (known: " + processors.names() + ")");
            }
            var relay = new ConversationRelay.Builder().url(relayUrl.toString());
            if (!text.language().isEmpty()) {
                relay.language(text.language());
            }
            if (!text.welcomeGreeting().isEmpty()) {
                relay.welcomeGreeting(text.welcomeGreeting());
            }
            parameters.forEach(relay::parameter);
            relay.parameter(new Parameter.Builder().name("processor").value(processor).build());
            connect.conversationRelay(relay.build());
        } else {
            Persona persona = personas.choose(Optional.ofNullable(form.get("persona")), to).orElseThrow(() ->
                    new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown persona '" + form.get("persona")
                            + "' (known: " + personas.names() + ")"));
            Stream.Builder stream = new Stream.Builder().url(mediaStreamUrl.toString());
            parameters(form, CallAuthenticator.voiceSubject(callSid, persona.name())).forEach(stream::parameter);
            if (!persona.name().isEmpty()) { // the built-in persona of a bridge without a persona file has no name
                stream.parameter(new Parameter.Builder().name("persona").value(persona.name()).build());
            }
            connect.stream(stream.build());
        }
        return new VoiceResponse.Builder().connect(connect.build()).build().toXml();
    }

    /**
     * Why a new call is turned away, if it is: the bridge is shutting down, or it is full. Checked against calls in
     * progress: calls whose socket is still connecting are not counted, so a burst of webhooks at the limit can
     * overshoot it by that many.
     */
    private Optional<String> refusal() {
        if (registry.draining()) {
            return Optional.of("the bridge is shutting down");
        }
        int active = registry.activeCount();
        return active >= maxConcurrent
                ? Optional.of(active + " calls active, callbridge.calls.max-concurrent=" + maxConcurrent)
                : Optional.empty();
    }

    /** The call's numbers and its token (minted for {@code subject}), for the socket's {@code customParameters}. */
    private List<Parameter> parameters(Map<String, String> form, String subject) {
        List<Parameter> out = new java.util.ArrayList<>();
        for (String[] p : PARAMETERS) {
            String value = form.getOrDefault(p[1], "");
            if (!value.isEmpty()) {
                out.add(new Parameter.Builder().name(p[0]).value(value).build());
            }
        }
        boolean hasSid = !form.getOrDefault("CallSid", "").isEmpty();
        callTokens.filter(t -> hasSid).ifPresent(t -> out.add(
                new Parameter.Builder().name("token").value(t.mint(subject)).build()));
        return out;
    }
}
