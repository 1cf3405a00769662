package dev.callbridge.simulator.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.simulator.RelayProbe;
import dev.callbridge.wire.WireFormatException;
import dev.callbridge.wire.audio.MuLaw;
import dev.callbridge.wire.audio.Pcm;
import dev.callbridge.wire.audio.Upsampler;
import dev.callbridge.wire.json.Json;
import dev.callbridge.wire.realtime.AudioFormat;
import dev.callbridge.wire.realtime.ClientEvent;
import dev.callbridge.wire.realtime.RealtimeCodec;
import dev.callbridge.wire.realtime.SessionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;

/**
 * One Realtime session of the stand-in. Reads client events on its socket's event loop; detects speech by energy
 * (server VAD with the session's threshold, prefix padding and silence duration), commits each utterance as a user
 * item, "transcribes" it by recognising which script line it is, and answers with the next line's audio, streamed
 * as deltas faster than real time by steps scheduled on the same loop. Every event is written straight to the
 * socket (text replies come from a thread of their own; Netty keeps each thread's order).
 */
public final class FakeSession {
    /** VAD threshold 0..1 maps onto this dBFS range (0.5 → -45 dBFS). */
    private static final double VAD_FLOOR_DB = -70;
    private static final double VAD_SPAN_DB = 50;

    private final FakeRealtimeServer server;
    private final Replies replies;
    private final FakeOptions options;
    private final Optional<RelayProbe> probe;
    private final String callSid;
    private final String sessionId;
    private final Random random;
    private final ServerEvents events = new ServerEvents();
    private volatile Channel socket;
    private boolean closeSent; // confined to the event loop
    private volatile boolean closed;
    private final long openedAtMillis = System.currentTimeMillis();

    // State of the socket's event loop (which also runs the audio responder's steps).
    private SessionConfig config;
    private long inputMs;
    private short[] carry = new short[0];
    private boolean speaking;
    private int silentMs;
    private final ArrayDeque<Double> prefix = new ArrayDeque<>();
    private final List<Double> utterance = new ArrayList<>();
    private String speechItemId;
    private long itemSeq;
    /** Input time at which the idle timeout runs out (the last reply's playback end plus the timeout); -1: not armed. */
    private long idleDeadlineMs = -1;
    /** The idle timeout that armed {@link #idleDeadlineMs}. */
    private int idleTimeoutMs;
    private volatile String lastItemId;
    private volatile Responder responder;
    // Text sessions (output_modalities ["text"]): the conversation's messages in order, and the reply in progress.
    private final List<TextItem> textItems = new ArrayList<>();
    private volatile TextResponder textResponder;
    private long textReplies;

    private record TextItem(String id, String role, String text) {}

    FakeSession(FakeRealtimeServer server, Replies replies, FakeOptions options, Optional<RelayProbe> probe,
                String callSid, long sessionNo) {
        this.server = server;
        this.replies = replies;
        this.options = options;
        this.probe = probe;
        this.callSid = callSid;
        this.sessionId = "sess_fake" + sessionNo;
        this.random = new Random(options.seed() ^ (sessionNo * 0x9E3779B97F4A7C15L));
        this.config = new SessionConfig("gpt-realtime-2.1", "", "marin", AudioFormat.PCM, AudioFormat.PCM,
                List.of("audio"), Optional.empty(),
                Optional.of(new SessionConfig.ServerVad(0.5, 300, 500, true, true)));
    }

    /** The socket is open (on its event loop): greet, and arm the faults this session is to suffer. */
    void onWebSocketOpen(Channel channel) {
        this.socket = channel;
        send(events.sessionCreated(sessionId, expiresAt(), config));
        FakeOptions.Faults faults = options.faults();
        if (faults.dropsPerHour() > 0) {
            // Exponential wait: drops arrive as a Poisson process at the configured rate.
            long dropAfterMs = (long) (-Math.log(1 - random.nextDouble()) / faults.dropsPerHour() * 3_600_000);
            channel.eventLoop().schedule(() -> breakAfter(false), dropAfterMs, TimeUnit.MILLISECONDS);
        }
        if (!faults.maxSession().isZero()) {
            channel.eventLoop().schedule(() -> breakAfter(true), faults.maxSession().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long expiresAt() {
        long lifetime = options.faults().maxSession().isZero() ? 3600 : options.faults().maxSession().toSeconds();
        return openedAtMillis / 1000 + lifetime;
    }

    /**
     * Ends the session as the real service does at its maximum length ({@code session_expired}, then close 1001),
     * or drops the connection without a close frame, as a network failure does.
     */
    private void breakAfter(boolean expire) {
        Channel s = socket;
        if (!s.isActive() || closed) {
            return;
        }
        probe.ifPresent(p -> p.fault(callSid));
        if (expire) {
            String message = "Your session hit the maximum duration of " + options.faults().maxSession().toMinutes()
                    + " minutes.";
            server.sessionExpired();
            send(events.error("invalid_request_error", "session_expired", message, null));
            closeSent = true;
            s.writeAndFlush(new CloseWebSocketFrame(1001, "Your session hit the maximum duration"));
        } else {
            server.socketDropped();
            s.close(); // TCP closes without a WebSocket close frame
        }
    }

    /** One whole text message from the client, on the socket's event loop. */
    void onWebSocketText(String text) {
        server.clientEventReceived(text);
        if (text.contains("\"session.update\"") && !sessionUpdateValid(text)) {
            return;
        }
        ClientEvent event;
        try {
            event = RealtimeCodec.decodeClient(text);
        } catch (WireFormatException | IllegalArgumentException e) {
            send(events.error("invalid_request_error", "invalid_json", e.getMessage(), null));
            return;
        }
        switch (event) {
            case ClientEvent.SessionUpdate u -> {
                if (u.session().inputFormat() == AudioFormat.PCMA || u.session().outputFormat() == AudioFormat.PCMA) {
                    send(events.error("invalid_request_error", "unsupported_audio_format",
                            "the stand-in speaks audio/pcmu and audio/pcm", "session.audio"));
                }
                config = u.session();
                server.sessionConfigured(callSid, config);
                events.textOutput(config.outputModalities().equals(List.of("text")));
                carry = new short[0];
                send(events.sessionUpdated(sessionId, expiresAt(), config));
            }
            case ClientEvent.InputAudioAppend a -> onAudio(a.audio());
            case ClientEvent.ItemTruncate t -> onTruncate(t);
            case ClientEvent.ResponseCancel c -> {
                Optional.ofNullable(responder).ifPresent(r -> r.cancel("client_cancelled"));
                Optional.ofNullable(textResponder).ifPresent(r -> r.cancel("client_cancelled"));
            }
            case ClientEvent.InputAudioCommit c -> { }
            case ClientEvent.InputAudioClear c -> { }
            case ClientEvent.ItemCreate c -> onItemCreate(c);
            case ClientEvent.ItemDelete d -> onItemDelete(d);
            case ClientEvent.ResponseCreate c -> onResponseCreate();
            case ClientEvent.Unrecognized u -> send(events.error("invalid_request_error", "unknown_event",
                    "Invalid value: '" + u.type() + "'", "type"));
        }
    }

    /**
     * Checks a {@code session.update} against the official schema before anything reads it: as the service does, one
     * with a value the spec rules out is refused whole with an {@code invalid_request_error} naming the field, and
     * the session keeps what it had.
     */
    private boolean sessionUpdateValid(String text) {
        List<String> problems;
        try {
            problems = server.sessionUpdateProblems(text);
        } catch (WireFormatException e) {
            return true; // not JSON: the decoder says so
        }
        if (problems.isEmpty() || problems.getFirst().startsWith("no schema for event type")) {
            return true;
        }
        server.sessionUpdateRejected();
        String first = problems.getFirst();
        int colon = first.indexOf(':');
        String param = first.startsWith("$.") && colon > 0 ? first.substring(2, colon) : null;
        send(events.error("invalid_request_error", "invalid_value", "Invalid session.update: " + first, param));
        return false;
    }

    private void onAudio(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            send(events.error("invalid_request_error", "invalid_base64", "audio is not base64", "audio"));
            return;
        }
        boolean linear = config.inputFormat() == AudioFormat.PCM;
        short[] decoded = new short[linear ? bytes.length / 2 : bytes.length];
        if (linear) {
            Pcm.fromLittleEndian(bytes, decoded);
        } else {
            MuLaw.decode(bytes, decoded);
        }
        short[] pcm = new short[carry.length + decoded.length];
        System.arraycopy(carry, 0, pcm, 0, carry.length);
        System.arraycopy(decoded, 0, pcm, carry.length, decoded.length);
        probe.ifPresent(p -> p.inboundReceived(callSid, bytes.length / config.inputFormat().bytesPerMs()));
        int window = config.inputFormat().sampleRateHz() / 50; // 20 ms
        int offset = 0;
        for (; offset + window <= pcm.length; offset += window) {
            vad(Envelope.levelDb(pcm, offset, window));
        }
        carry = java.util.Arrays.copyOfRange(pcm, offset, pcm.length);
    }

    /** Silence that ends a turn under semantic VAD, by eagerness (the stand-in has no words to judge by). */
    private static int semanticSilenceMs(SessionConfig.Eagerness eagerness) {
        return switch (eagerness) {
            case HIGH -> 300;
            case MEDIUM, AUTO -> 500;
            case LOW -> 800;
        };
    }

    /** One 20 ms window of voice activity detection (server VAD; semantic VAD approximated by energy too). */
    private void vad(double levelDb) {
        inputMs += 20;
        var turnDetection = config.turnDetection();
        if (turnDetection.isEmpty()) {
            return;
        }
        double threshold = 0.5;
        int prefixPaddingMs = 300;
        int silenceDurationMs;
        switch (turnDetection.get()) {
            case SessionConfig.ServerVad v -> {
                threshold = v.threshold();
                prefixPaddingMs = v.prefixPaddingMs();
                silenceDurationMs = v.silenceDurationMs();
            }
            case SessionConfig.SemanticVad v -> silenceDurationMs = semanticSilenceMs(v.eagerness());
        }
        boolean loud = levelDb > VAD_FLOOR_DB + VAD_SPAN_DB * threshold;
        if (!speaking) {
            prefix.addLast(levelDb);
            while (prefix.size() * 20 > prefixPaddingMs + 20) {
                prefix.removeFirst();
            }
            if (loud) {
                speaking = true;
                idleDeadlineMs = -1;
                silentMs = 0;
                utterance.clear();
                utterance.addAll(prefix);
                speechItemId = newItemId();
                probe.ifPresent(p -> p.speechStarted(callSid));
                send(events.speechStarted(speechItemId, Math.max(0, inputMs - prefix.size() * 20L)));
                Optional.ofNullable(responder).ifPresent(r -> r.cancel("turn_detected"));
            } else if (idleDeadlineMs >= 0 && inputMs >= idleDeadlineMs) {
                idleTimeout();
            }
            return;
        }
        utterance.add(levelDb);
        silentMs = loud ? 0 : silentMs + 20;
        if (silentMs >= silenceDurationMs) {
            speaking = false;
            prefix.clear();
            endOfTurn();
        }
    }

    /**
     * Arms the idle timeout after a reply: it runs from the end of the reply's playback (its start on the input
     * timeline plus its length; the stand-in streams faster than real time, the caller hears it in real time).
     */
    private void armIdleTimeout(long replyStartInputMs, long replyMs) {
        if (config.turnDetection().orElse(null) instanceof SessionConfig.ServerVad v && v.idleTimeoutMs().isPresent()) {
            idleTimeoutMs = v.idleTimeoutMs().getAsInt();
            idleDeadlineMs = Math.max(inputMs, replyStartInputMs + replyMs) + idleTimeoutMs;
        }
    }

    /**
     * No speech for the idle timeout: as the service does, the silent stretch becomes a user item, committed with an
     * empty transcript, and the model answers it (here: the idle prompt).
     */
    private void idleTimeout() {
        idleDeadlineMs = -1;
        String itemId = newItemId();
        String previous = lastItemId;
        lastItemId = itemId;
        server.idleTimeoutTriggered();
        send(events.timeoutTriggered(itemId, Math.max(0, inputMs - idleTimeoutMs), inputMs));
        send(events.committed(itemId, previous));
        send(events.userItemAdded(itemId, previous));
        send(events.transcriptionCompleted(itemId, ""));
        replies.idlePrompt().ifPresent(prompt -> {
            Responder r = new Responder(prompt, itemId, null);
            responder = r;
            socket.eventLoop().execute(r);
        });
    }

    private void endOfTurn() {
        String itemId = speechItemId;
        String previous = lastItemId;
        lastItemId = itemId;
        send(events.speechStopped(itemId, inputMs));
        send(events.committed(itemId, previous));
        send(events.userItemAdded(itemId, previous));
        double[] levels = utterance.stream().mapToDouble(Double::doubleValue).toArray();
        Optional<Replies.Exchange> heard = replies.recognise(levels);
        if (heard.isEmpty()) {
            server.unrecognised();
            send(events.transcriptionCompleted(itemId, "[unrecognised speech]"));
            return;
        }
        boolean late = random.nextDouble() < options.lateTranscriptionRatio();
        ObjectNode transcription = events.transcriptionCompleted(itemId, heard.get().callerText());
        if (!late) {
            send(transcription);
        }
        if (config.turnDetection().map(SessionConfig.TurnDetection::createResponse).orElse(false)) {
            Responder r = new Responder(heard.get(), itemId, late ? transcription : null);
            responder = r;
            socket.eventLoop().execute(r);
        } else if (late) {
            send(transcription);
        }
    }

    private String newItemId() {
        return "item_" + sessionId.substring(5) + "_" + (++itemSeq);
    }

    private void onTruncate(ClientEvent.ItemTruncate t) {
        Responder r = responder;
        long produced = r != null && r.itemId.equals(t.itemId()) ? r.producedMs : -1;
        if (produced < 0) {
            send(events.error("invalid_request_error", "item_not_found", "Item " + t.itemId() + " not found", "item_id"));
        } else if (t.audioEndMs() > produced) {
            server.truncateRejected();
            send(events.error("invalid_request_error", "invalid_value", "Audio content of " + produced
                    + "ms is already shorter than " + t.audioEndMs() + "ms", "audio_end_ms"));
        } else {
            probe.ifPresent(p -> p.truncated(callSid, t.audioEndMs()));
            send(events.truncated(t.itemId(), t.audioEndMs()));
        }
    }

    // ---- text sessions --------------------------------------------------------------------------------------------

    /** A message the client added: placed after {@code previous_item_id} (or at the end), echoed as the API does. */
    private void onItemCreate(ClientEvent.ItemCreate c) {
        String id = c.itemId().orElseGet(this::newItemId); // as the service does, the client's id when it gives one
        String previous;
        synchronized (textItems) {
            int at = textItems.size();
            if (c.previousItemId().isPresent()) {
                at = indexOf(c.previousItemId().get()) + 1;
                if (at == 0 && !c.previousItemId().get().equals("root")) {
                    send(events.error("invalid_request_error", "item_not_found",
                            "Item " + c.previousItemId().get() + " not found", "previous_item_id"));
                    return;
                }
            }
            previous = at == 0 ? null : textItems.get(at - 1).id();
            textItems.add(at, new TextItem(id, c.role(), c.text()));
            if (at == textItems.size() - 1) {
                lastItemId = id;
            }
        }
        if (c.role().equals("assistant")) {
            server.assistantTextWritten(c.text());
        }
        send(events.textItemAdded(id, previous, c.role(), c.text()));
    }

    private void onItemDelete(ClientEvent.ItemDelete d) {
        boolean removed;
        synchronized (textItems) {
            int at = indexOf(d.itemId());
            removed = at >= 0;
            if (removed) {
                textItems.remove(at);
                lastItemId = textItems.isEmpty() ? null : textItems.getLast().id();
            }
        }
        if (removed) {
            server.itemDeleted();
        }
        send(removed ? events.itemDeleted(d.itemId())
                : events.error("invalid_request_error", "item_not_found", "Item " + d.itemId() + " not found", "item_id"));
    }

    private int indexOf(String itemId) {
        for (int i = 0; i < textItems.size(); i++) {
            if (textItems.get(i).id().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    /** In a text session, answers the last user message; as the API does, refuses a second response at once. */
    private void onResponseCreate() {
        boolean text = config.outputModalities().equals(List.of("text"));
        TextResponder runningText = textResponder;
        Responder runningAudio = responder;
        String running = text ? (runningText != null && !runningText.finished ? runningText.responseId : null)
                : (runningAudio != null && !runningAudio.finished ? runningAudio.responseId : null);
        if (running != null) {
            send(events.error("invalid_request_error", "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: " + running, null));
            return;
        }
        Optional<TextItem> lastUser;
        synchronized (textItems) {
            lastUser = textItems.reversed().stream().filter(i -> i.role().equals("user")).findFirst();
        }
        if (!text) {
            answer(lastUser);
            return;
        }
        TextResponder r = new TextResponder(replyTo(++textReplies, lastUser.map(TextItem::text).orElse("")));
        textResponder = r;
        Thread.ofVirtual().name("fake-text-" + sessionId).start(r);
    }

    /**
     * In an audio session, a response asked for by the client (as a bridge does after reseeding a lost session
     * whose last turn was the caller's) answers the last user message, if it is a script line.
     */
    private void answer(Optional<TextItem> lastUser) {
        Optional<Replies.Exchange> exchange = lastUser.flatMap(u -> replies.byCallerText(u.text()));
        if (exchange.isEmpty()) {
            server.unrecognised();
            return;
        }
        Responder r = new Responder(exchange.get(), lastUser.get().id(), null);
        responder = r;
        socket.eventLoop().execute(r);
    }

    /** The stand-in's deterministic answer: which reply this is, and what it answers. */
    static String replyTo(long n, String userText) {
        String quoted = userText.length() > 60 ? userText.substring(0, 60) + "…" : userText;
        return "Offline model reply " + n + " to \"" + quoted.replace('\n', ' ') + "\". Thank you, noted.";
    }

    /** Streams one text reply word by word; cancelled by {@code response.cancel}. */
    private final class TextResponder implements Runnable {
        final String itemId = newItemId();
        final String responseId = "resp_" + itemId.substring(5);
        final String text;
        volatile String cancelReason;
        volatile boolean finished;

        TextResponder(String text) {
            this.text = text;
        }

        void cancel(String reason) {
            cancelReason = reason;
        }

        @Override
        public void run() {
            String conversation = "conv_" + sessionId.substring(5);
            String previous;
            synchronized (textItems) {
                previous = textItems.isEmpty() ? null : textItems.getLast().id();
            }
            send(events.responseCreated(responseId, conversation));
            send(events.outputItemAdded(responseId, itemId));
            send(events.assistantItemAdded(itemId, previous));
            send(events.contentPart("response.content_part.added", responseId, itemId, ""));
            String[] words = text.split(" ");
            StringBuilder said = new StringBuilder();
            long pauseNanos = (long) (options.deltaMs() * 1_000_000L / options.speedup() / 4);
            long next = System.nanoTime();
            for (int i = 0; i < words.length && cancelReason == null; i++) {
                String delta = (i == 0 ? "" : " ") + words[i];
                said.append(delta);
                send(events.textDelta(responseId, itemId, delta));
                next += pauseNanos;
                sleepUntil(next);
            }
            boolean completed = cancelReason == null;
            String status = completed ? "completed" : "cancelled";
            String itemStatus = completed ? "completed" : "incomplete";
            String out = said.toString();
            synchronized (textItems) {
                textItems.add(new TextItem(itemId, "assistant", out));
                lastItemId = itemId;
            }
            send(events.textDone(responseId, itemId, out));
            send(events.contentPart("response.content_part.done", responseId, itemId, out));
            send(events.outputItemDone(responseId, itemId, out, itemStatus));
            send(events.itemDone(itemId, previous, out, itemStatus));
            finished = true;
            send(events.responseDone(responseId, conversation, status, cancelReason, itemId, out, itemStatus, 0));
            server.responseFinished(status);
        }
    }

    // ---- audio replies ----------------------------------------------------------------------------------------------

    /**
     * Streams one reply, a delta every {@code deltaMs / speedup}; cancelled by barge-in or {@code response.cancel},
     * which the next step sees. Runs on the socket's event loop, one scheduled step per delta.
     */
    private final class Responder implements Runnable {
        final String itemId = newItemId();
        final String responseId = "resp_" + itemId.substring(5);
        final String conversation = "conv_" + sessionId.substring(5);
        final Replies.Exchange exchange;
        final String userItemId;
        final ObjectNode lateTranscription;
        final String text;
        final AudioFormat format;
        final byte[] audio;
        final String[] words;
        final int chunk;
        final int deltas;
        final long pauseNanos;
        int sent;
        int wordsSent;
        long next;
        long startInputMs;
        volatile long producedMs;
        volatile String cancelReason;
        volatile boolean finished;

        Responder(Replies.Exchange exchange, String userItemId, ObjectNode lateTranscription) {
            this.exchange = exchange;
            this.userItemId = userItemId;
            this.lateTranscription = lateTranscription;
            this.text = exchange.reply().text();
            this.format = config.outputFormat();
            this.audio = format == AudioFormat.PCM ? toPcm24k(exchange.reply().mulaw()) : exchange.reply().mulaw();
            this.words = text.split(" ");
            this.chunk = options.deltaMs() * format.bytesPerMs();
            this.deltas = (audio.length + chunk - 1) / chunk;
            this.pauseNanos = (long) (options.deltaMs() * 1_000_000L / options.speedup());
        }

        void cancel(String reason) {
            cancelReason = reason;
        }

        @Override
        public void run() {
            lastItemId = itemId;
            send(events.responseCreated(responseId, conversation));
            send(events.outputItemAdded(responseId, itemId));
            send(events.assistantItemAdded(itemId, userItemId));
            send(events.contentPart("response.content_part.added", responseId, itemId, ""));
            next = System.nanoTime();
            startInputMs = inputMs;
            step();
        }

        private void step() {
            if (sent == deltas || cancelReason != null) {
                finish();
                return;
            }
            int from = sent * chunk;
            int to = Math.min(audio.length, from + chunk);
            long ms = (to - from) / format.bytesPerMs();
            producedMs += ms;
            probe.ifPresent(p -> p.outboundSent(callSid, ms));
            send(events.audioDelta(responseId, itemId, Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOfRange(audio, from, to))));
            sent++;
            int wordsDue = (int) ((long) words.length * sent / deltas);
            for (; wordsSent < wordsDue; wordsSent++) {
                send(events.transcriptDelta(responseId, itemId, (wordsSent == 0 ? "" : " ") + words[wordsSent]));
            }
            next += pauseNanos;
            socket.eventLoop().schedule(this::step, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private void finish() {
            String status = cancelReason == null ? "completed" : "cancelled";
            String itemStatus = cancelReason == null ? "completed" : "incomplete";
            send(events.audioDone(responseId, itemId));
            send(events.transcriptDone(responseId, itemId, text));
            send(events.contentPart("response.content_part.done", responseId, itemId, text));
            send(events.outputItemDone(responseId, itemId, text, itemStatus));
            send(events.itemDone(itemId, userItemId, text, itemStatus));
            send(events.responseDone(responseId, conversation, status, cancelReason, itemId, text, itemStatus,
                    (int) (producedMs / 20)));
            if (lateTranscription != null) {
                send(lateTranscription);
            }
            finished = true;
            if (cancelReason == null) {
                armIdleTimeout(startInputMs, audio.length / format.bytesPerMs());
            }
            server.responseFinished(status);
        }
    }

    /** The reply's speech as the API would send {@code audio/pcm}: 16-bit little-endian at 24 kHz. */
    private static byte[] toPcm24k(byte[] mulaw) {
        short[] narrow = new short[mulaw.length];
        MuLaw.decode(mulaw, narrow);
        short[] wide = new short[narrow.length * Upsampler.FACTOR];
        int n = new Upsampler().process(narrow, narrow.length, wide);
        return Pcm.toLittleEndian(wide, n);
    }

    private static void sleepUntil(long deadlineNanos) {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    /** Sends one event; from the event loop or (text replies) any thread: Netty keeps each thread's order. */
    private void send(ObjectNode event) {
        Channel s = socket;
        String text = Json.write(event);
        server.serverEventSent(text);
        if (!closed && s.isActive()) {
            s.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(s.alloc(), text)));
        }
    }

    /** Whether this side sent a close frame (so the client's close answers it and needs no answer). */
    boolean closeSent() {
        return closeSent;
    }

    /** The socket closed (either side, or the connection broke): what is streaming stops. */
    void onWebSocketClose() {
        if (closed) {
            return;
        }
        closed = true;
        Optional.ofNullable(responder).ifPresent(r -> r.cancel("client_cancelled"));
        Optional.ofNullable(textResponder).ifPresent(r -> r.cancel("client_cancelled"));
        server.sessionClosed();
    }
}
