package dev.callbridge.simulator.fake;

import dev.callbridge.simulator.script.CallScript;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the stand-in hears and answers: every caller line of every script, and the assistant line after it. */
public final class Replies {
    /** What the stand-in recognised and what it says back. */
    public record Exchange(String callerText, CallScript.Line reply) {}

    private final ClipMatcher matcher;
    private final Map<String, Exchange> byKey = new HashMap<>();
    private final Map<String, Exchange> byCallerText = new HashMap<>();
    private final Optional<CallScript.Line> idlePrompt;

    /** Replies with nothing to say when a session's idle timeout runs out. */
    public Replies(List<CallScript> scripts, double speechDb) {
        this(scripts, speechDb, Optional.empty());
    }

    /** @param idlePrompt what the model says to a caller who has been silent for the session's idle timeout */
    public Replies(List<CallScript> scripts, double speechDb, Optional<CallScript.Line> idlePrompt) {
        this.idlePrompt = idlePrompt;
        this.matcher = new ClipMatcher(speechDb);
        for (CallScript script : scripts) {
            for (int x = 0; x < script.exchanges(); x++) {
                String key = script.name() + "#" + x;
                matcher.add(key, script.caller(x).mulaw());
                var exchange = new Exchange(script.caller(x).text(), script.assistant(x));
                byKey.put(key, exchange);
                byCallerText.putIfAbsent(exchange.callerText(), exchange);
            }
        }
    }

    /** The answer to the silent user turn an idle timeout commits, if the stand-in has one. */
    public Optional<Exchange> idlePrompt() {
        return idlePrompt.map(line -> new Exchange("", line));
    }

    /** The exchange whose caller line is {@code text} (a user message a client wrote), if any. */
    public Optional<Exchange> byCallerText(String text) {
        return Optional.ofNullable(byCallerText.get(text));
    }

    /** The exchange whose caller line sounds like {@code utterance} (20 ms levels in dBFS), if any. */
    public Optional<Exchange> recognise(double[] utterance) {
        return matcher.match(utterance).map(byKey::get);
    }
}
