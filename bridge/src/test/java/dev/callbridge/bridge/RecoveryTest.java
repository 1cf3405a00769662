package dev.callbridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.bridge.journal.JournalRecovery;
import dev.callbridge.simulator.soak.MailReader;
import dev.callbridge.simulator.twilio.CallResult;
import dev.callbridge.simulator.twilio.TwilioCaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge killed mid-call loses nothing: the journal the call leaves is what a {@code kill -9} leaves (the file as
 * it was at that instant), and the next bridge to start on it mails the call with every turn journaled so far.
 */
class RecoveryTest {
    @Test
    void theNextBridgeMailsACallTheLastOneNeverFinished(@TempDir Path work) throws Exception {
        Path killedJournal = Files.createDirectories(work.resolve("after-the-kill/call-journal"));
        String sid = "CArecovery00000000000000000000001";
        MailReader.SummaryMail finished;
        String snapshot;
        try (var bridge = new BridgeHarness(work.resolve("first"))) {
            var script = bridge.scripts.stream().filter(s -> s.name().equals("opening-hours")).findFirst().orElseThrow();
            CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(() -> new TwilioCaller(bridge.http, bridge.url,
                    script, Duration.ofSeconds(5), sid, 1, Optional.of(bridge.probe), Optional.of(bridge.signer)).call(),
                    Executors.newVirtualThreadPerTaskExecutor());
            Path live = work.resolve("first/call-journal/" + sid + ".jsonl");
            // "Kill" once two turns have their text: copy the journal as it is at this instant.
            BridgeHarness.waitUntil(Duration.ofSeconds(60), () -> textLines(live) >= 2);
            snapshot = Files.readString(live);
            Files.writeString(killedJournal.resolve(sid + ".jsonl"), snapshot);
            call.get();
            finished = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
            assertTrue(finished != null, "the call itself was mailed");
            assertTrue(!Files.exists(live), "a finished call leaves no journal");
        }
        try (var next = new BridgeHarness(work.resolve("after-the-kill"))) {
            var recovered = next.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
            System.out.printf("journal at the kill: %d lines; recovered mail: %s; finished call had %d turns%n",
                    snapshot.lines().count(), recovered == null ? "none" : recovered.turns(), finished.turns().size());
            assertTrue(recovered != null, "the unfinished call is mailed at start-up");
            assertTrue(recovered.body().contains(JournalRecovery.REASON), recovered.body());
            assertTrue(recovered.turns().size() >= 2, "the journaled turns: " + recovered.turns());
            assertEquals(finished.turns().subList(0, recovered.turns().size()), recovered.turns(),
                    "what was journaled is what the finished call says, in the same order");
            assertTrue(!Files.exists(killedJournal.resolve(sid + ".jsonl")), "its journal is gone once it is spooled");
        }
    }

    @Test
    void aTextCallIsRecoveredToo(@TempDir Path work) throws Exception {
        Path killedJournal = Files.createDirectories(work.resolve("after-the-kill/call-journal"));
        String sid = "CArecoverytext0000000000000000001";
        MailReader.SummaryMail finished;
        try (var bridge = new BridgeHarness(work.resolve("first"))) {
            var lines = dev.callbridge.simulator.text.CallerLines.script(dev.callbridge.simulator.text.CallerLines.clientLines(
                    BridgeHarness.DATA.resolve("client-server-conversation.txt")), 3);
            CompletableFuture<CallResult> call = CompletableFuture.supplyAsync(() -> new dev.callbridge.simulator.twilio.TextCaller(
                    bridge.http, bridge.url, lines, Duration.ofSeconds(10), sid, 2, Optional.of("echo"),
                    java.time.ZoneId.of("Asia/Tokyo"), java.time.Clock.systemUTC(), Optional.of(bridge.signer)).call(),
                    Executors.newVirtualThreadPerTaskExecutor());
            Path live = work.resolve("first/call-journal/" + sid + ".jsonl");
            BridgeHarness.waitUntil(Duration.ofSeconds(60), () -> textLines(live) >= 3);
            Files.writeString(killedJournal.resolve(sid + ".jsonl"), Files.readString(live));
            call.get();
            finished = bridge.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
        }
        try (var next = new BridgeHarness(work.resolve("after-the-kill"))) {
            var recovered = next.mails(List.of(sid), Duration.ofSeconds(15)).get(sid);
            System.out.printf("text call at the kill: recovered %s; finished call had %d turns%n",
                    recovered == null ? "none" : recovered.turns().size() + " turns", finished.turns().size());
            assertTrue(recovered != null && recovered.subject().contains("Text call"), String.valueOf(recovered));
            assertTrue(recovered.turns().size() >= 3, recovered.turns().toString());
            assertEquals(finished.turns().subList(0, recovered.turns().size()), recovered.turns());
        }
    }

    private static long textLines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.contains("\"k\":\"text\"")).count() : 0;
    }
}
