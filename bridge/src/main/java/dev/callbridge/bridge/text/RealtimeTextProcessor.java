package dev.callbridge.bridge.text;

import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.bridge.call.CloseCode;
import dev.callbridge.bridge.realtime.RealtimeDialer;
import dev.callbridge.bridge.realtime.RealtimeListener;
import dev.callbridge.bridge.realtime.RealtimePort;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.ServerEvent;
import dev.callbridge.wire.realtime.SessionConfig;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code realtime-text}: one OpenAI Realtime session per call with text output ({@code output_modalities:
 * ["text"]}, no audio, no VAD). Each caller message becomes a user item and a {@code response.create}; the reply's
 * {@code response.output_text.delta}s stream back as tokens and {@code response.done} ends the reply. A message that
 * arrives while a reply is still streaming waits for it (the API allows one response at a time). When the caller
 * interrupts, the reply in progress is cancelled and the model's copy of the assistant turn is replaced by what the
 * caller heard, so it does not believe it said words the caller never heard.
 */
@Component
public final class RealtimeTextProcessor implements TextProcessor {
    private static final Logger log = LoggerFactory.getLogger(RealtimeTextProcessor.class);

    private final RealtimeDialer dialer;
    private final SessionConfig session;

    public RealtimeTextProcessor(RealtimeDialer dialer, BridgeProperties properties) {
        this.dialer = dialer;
        BridgeProperties.Realtime rt = properties.realtime();
        String instructions = properties.text().instructions().isEmpty() ? rt.instructions() : properties.text().instructions();
        this.session = new SessionConfig(rt.model(), instructions, rt.voice(), AudioFormat.PCMU, AudioFormat.PCMU,
                List.of("text"), Optional.empty(), Optional.empty(), rt.options());
    }

    @Override
    public String name() {
        return "realtime-text";
    }

    @Override
    public Conversation open(Call call, Replies replies) {
        var conversation = new Session(call.callSid(), replies);
        conversation.start(dialer, session);
        return conversation;
    }

    /** One call's Realtime session. Its state is guarded by its monitor; the socket never blocks a send. */
    private static final class Session implements Conversation, RealtimeListener {
        private final String callSid;
        private final Replies replies;
        private RealtimePort port;
        private final ArrayDeque<String> waiting = new ArrayDeque<>();
        private boolean responding;
        private String responseId;
        private String assistantItem;
        private Optional<String> assistantPrevious = Optional.empty();
        /** What the caller heard of the reply in progress when they interrupted it; null while it is not cut. */
        private String heardOfCancelled;
        private boolean closed;

        Session(String callSid, Replies replies) {
            this.callSid = callSid;
            this.replies = replies;
        }

        synchronized void start(RealtimeDialer dialer, SessionConfig config) {
            port = dialer.dial(callSid, this);
            port.send(new ClientEvent.SessionUpdate(config));
        }

        @Override
        public synchronized void prompt(String text, Instant receivedAt) {
            if (closed) {
                return;
            }
            if (responding) {
                waiting.add(text);
            } else {
                ask(text);
            }
        }

        private void ask(String text) {
            port.send(new ClientEvent.ItemCreate(Optional.empty(), "user", text));
            port.send(new ClientEvent.ResponseCreate());
            responding = true;
            heardOfCancelled = null;
            responseId = null;
            assistantItem = null;
            assistantPrevious = Optional.empty();
        }

        @Override
        public synchronized void interrupted(String heard) {
            if (closed) {
                return;
            }
            if (responding && heardOfCancelled == null) {
                port.send(new ClientEvent.ResponseCancel());
                heardOfCancelled = heard; // the item is final once response.done says so
            } else if (!responding && assistantItem != null) {
                replaceWithHeard(heard);
            }
        }

        /** The model's copy of the last assistant turn becomes what the caller heard of it. */
        private void replaceWithHeard(String heard) {
            port.send(new ClientEvent.ItemDelete(assistantItem));
            if (!heard.isBlank()) {
                port.send(new ClientEvent.ItemCreate(assistantPrevious, "assistant", heard));
            }
            assistantItem = null;
        }

        @Override
        public synchronized void onRealtimeEvent(ServerEvent event) {
            if (!closed) {
                onEvent(event);
            }
        }

        @Override
        public void onRealtimeUnreadable(String problem) {
            log.warn("text call {}: unreadable Realtime event ({}), ignored", callSid, problem);
        }

        private void onEvent(ServerEvent event) {
            switch (event) {
                case ServerEvent.ResponseCreated c -> responseId = c.responseId();
                case ServerEvent.ItemAdded a when a.role().equals("assistant") && responding && assistantItem == null -> {
                    assistantItem = a.itemId();
                    assistantPrevious = a.previousItemId();
                }
                case ServerEvent.TextDelta d -> {
                    if (responding && heardOfCancelled == null && (responseId == null || responseId.equals(d.responseId()))) {
                        replies.token(d.delta(), false);
                    }
                }
                case ServerEvent.ResponseDone d -> onResponseDone(d);
                case ServerEvent.Error e -> log.warn("text call {}: Realtime error {} {}: {}", callSid, e.errorType(),
                        e.code(), e.message());
                default -> { }
            }
        }

        private void onResponseDone(ServerEvent.ResponseDone d) {
            if (!responding || responseId != null && !responseId.equals(d.responseId())) {
                return;
            }
            boolean cancelled = heardOfCancelled != null;
            if (!d.status().equals("completed") && !cancelled) {
                log.warn("text call {}: response {} ended {} ({})", callSid, d.responseId(), d.status(), d.reason());
            }
            responding = false;
            if (cancelled) {
                if (assistantItem != null) {
                    replaceWithHeard(heardOfCancelled);
                }
            } else {
                replies.token("", true);
            }
            if (!waiting.isEmpty()) {
                ask(String.join("\n", waiting));
                waiting.clear();
            }
        }

        @Override
        public void onRealtimeClosed(int status, String reason) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            replies.failed(CloseCode.closed("realtime", status, reason));
        }

        @Override
        public void close() {
            RealtimePort p;
            synchronized (this) {
                closed = true;
                p = port;
            }
            if (p != null) {
                p.close();
            }
        }
    }
}
