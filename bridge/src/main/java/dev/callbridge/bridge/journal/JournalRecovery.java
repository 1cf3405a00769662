package dev.callbridge.bridge.journal;

import dev.callbridge.bridge.journal.SummarySink;
import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.summary.CallSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, mails every call a previous run of the bridge never finished (killed, crashed, the machine lost):
 * its transcript is rebuilt from its journal, the call is taken to have ended when its journal was last written,
 * and the journal is deleted once the summary is spooled. The mail consumer's ledger keeps a call mailed once,
 * so a recovery that is itself interrupted and run again sends no duplicate.
 */
public final class JournalRecovery {
    private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);
    public static final String REASON = "the bridge stopped during the call; recovered from its journal";

    private JournalRecovery() {}

    /** Returns how many calls were recovered. */
    public static int recover(CallJournal journal, SummarySink sink) {
        int recovered = 0;
        for (CallJournal.Unfinished call : journal.unfinished()) {
            CallJournal.Header h = call.header();
            Transcript transcript = new Transcript();
            call.changes().forEach(transcript::apply);
            Map<String, Long> counters = new TreeMap<>(Map.of("recovered", 1L, "journalLines", (long) call.changes().size()));
            if (call.unreadableLines() > 0) {
                counters.put("unreadableJournalLines", (long) call.unreadableLines());
            }
            var summary = new CallSummary(h.channel(), h.callId(), h.streamSid(), h.from(), h.to(), h.persona(), h.startedAt(),
                    call.lastWritten().isBefore(h.startedAt()) ? h.startedAt() : call.lastWritten(), REASON,
                    transcript.turns(h.startedAt()), counters, "");
            sink.accept(summary, new Origin("journal-recovery", h.callId(), h.from(), h.to(), h.remoteAddress(), h.instanceId()));
            try {
                Files.deleteIfExists(call.file());
            } catch (IOException e) {
                log.warn("recovered call {} but cannot delete its journal {}: {}", h.callId(), call.file(), e.toString());
            }
            log.warn("call {} was never finished (bridge stopped): recovered {} turns from {} and mailed it", h.callId(),
                    summary.turns().size(), call.file());
            recovered++;
        }
        return recovered;
    }
}
