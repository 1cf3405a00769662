package dev.callbridge.bridge.call;

import dev.callbridge.bridge.journal.CallJournal;
import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every call, voice or text, carries from its start to its one end: its counters, the vendor message types it
 * has already logged, its journal, and the hand-over at the end (registry, the turns read back from the journal,
 * the recording, the summary to the mail pipeline), which runs once whichever way the call ends. The counters are
 * guarded by the call's lock; {@link #claimEnd} by itself.
 */
public final class CallEnvelope {
    private static final Logger log = LoggerFactory.getLogger(CallEnvelope.class);
    /** WebSocket close reasons are at most 123 bytes. */
    private static final int CLOSE_REASON_CHARS = 120;

    /** Who the call is, from its first message. */
    public record Identity(CallSummary.Channel channel, String callSid, String streamSid, String from, String to,
                           String persona, Instant startedAt, String remoteAddress) {}

    private final String key;
    private final String source;
    private final String instanceId;
    private final CallJournal journals;
    private final CallRegistry registry;
    private final SummarySink sink;
    private final Clock clock;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Set<String> logged = new HashSet<>();
    private Identity identity;
    private CallJournal.Writer journal;

    /**
     * @param key the call's key in the registry (its socket's id, prefixed)
     * @param source names the Twilio protocol in the summary's origin: {@code media-stream}, {@code conversation-relay}
     */
    public CallEnvelope(String key, String source, String instanceId, CallJournal journals, CallRegistry registry,
                        SummarySink sink, Clock clock) {
        this.key = key;
        this.source = source;
        this.instanceId = instanceId;
        this.journals = journals;
        this.registry = registry;
        this.sink = sink;
        this.clock = clock;
    }

    /** The call started: it is active in the registry and journaled from now on. Returns its journal. */
    public CallJournal.Writer begin(Identity id, CallRegistry.ActiveCall call) {
        identity = id;
        journal = journals.open(new CallJournal.Header(id.channel(), id.callSid(), id.streamSid(), id.from(), id.to(),
                id.persona(), id.startedAt(), id.remoteAddress(), instanceId));
        registry.started(key, id.channel() == CallSummary.Channel.TEXT, call);
        return journal;
    }

    public boolean started() {
        return identity != null;
    }

    /** The call's SID, or its socket before it started. */
    public String callId() {
        return identity == null ? "(socket " + key + ")" : identity.callSid();
    }

    public Instant startedAt() {
        return identity.startedAt();
    }

    /** The counters, for a call's parts to add theirs at the end; guarded by the call's lock. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** True the first time only: the call ends once, whoever asks first. */
    public boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }

    public void count(String counter) {
        add(counter, 1);
    }

    public void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    public void put(String counter, long n) {
        counters.put(counter, n);
    }

    /** A message type this bridge does not know: counted as {@code unrecognized<api>}, logged once per call. */
    public void unrecognized(String api, String type) {
        count("unrecognized" + api);
        if (logged.add(api + ":" + type)) {
            log.info("call {}: unrecognised {} message type '{}' ignored", callId(), api, type);
        }
    }

    /** A started call as it ended: its summary with the turns in memory, and how to read back the rest. */
    public record Ended(CallSummary summary, Transcript.Ending ending) {}

    /**
     * Under the call's lock, as a started call ends: the transcript's counters join the call's, and the summary is
     * made now, with the turns in memory.
     */
    public Ended end(String reason, Transcript transcript) {
        transcript.addCounters(counters);
        Transcript.Ending ending = transcript.end(identity.startedAt());
        return new Ended(new CallSummary(identity.channel(), identity.callSid(), identity.streamSid(), identity.from(),
                identity.to(), identity.persona(), identity.startedAt(), clock.instant(), reason, ending.kept(), counters,
                ""), ending);
    }

    /**
     * Outside the call's lock, once its sockets are closed: the call leaves the registry and, on the journal's disk
     * thread (not a socket's, which may carry every other call), the turns the transcript forgot are read back,
     * the recording finished ({@code recording} names it in the summary, or is empty), the summary spooled for
     * mail, and the journal deleted.
     */
    public void mail(Ended ended, boolean failure, Supplier<String> recording) {
        CallSummary unmailed = ended.summary();
        registry.ended(key, failure, unmailed.counters());
        var origin = new Origin(source, unmailed.callId(), unmailed.from(), unmailed.to(), identity.remoteAddress(),
                instanceId);
        CallJournal.Writer writer = journal;
        writer.finish(() -> {
            CallSummary summary = unmailed.completed(ended.ending().turns(writer::written), recording.get());
            log.info("{} {} ended ({}): {} turns, {}", summary.channel() == CallSummary.Channel.TEXT ? "text call" : "call",
                    summary.callId(), summary.endReason(), summary.turns().size(), summary.counters());
            sink.accept(summary, origin);
        });
    }

    /** A close reason as a WebSocket close frame can carry it. */
    public static String closeReason(String reason) {
        return reason.length() > CLOSE_REASON_CHARS ? reason.substring(0, CLOSE_REASON_CHARS) : reason;
    }
}
