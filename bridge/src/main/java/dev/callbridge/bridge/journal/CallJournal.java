package dev.callbridge.bridge.journal;

import dev.callbridge.bridge.transcript.Transcript;
import dev.callbridge.mailer.summary.CallSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable per-call journals: one file of JSON lines per call in progress, its header first, then every transcript
 * change as it happens. Each line is one {@code write} to the file, so a process killed with {@code kill -9} has
 * lost nothing the operating system was given. A call that ends normally deletes its journal once its summary is
 * spooled; whatever journals a bridge finds at start-up belong to calls it never finished ({@link #unfinished}).
 * Thread-safe; each {@link Writer} is confined to its call's lock.
 */
public final class CallJournal {
    private static final Logger log = LoggerFactory.getLogger(CallJournal.class);
    static final String SUFFIX = ".jsonl";

    private final Optional<Path> folder;

    /** @param folder where journals go; empty: calls are not journaled */
    public CallJournal(Optional<Path> folder) {
        this.folder = folder.map(Path::toAbsolutePath);
        this.folder.ifPresent(f -> {
            try {
                Files.createDirectories(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the call journal folder " + f, e);
            }
        });
    }

    /** What a journal knows of its call before any turn. */
    public record Header(CallSummary.Channel channel, String callId, String streamSid, String from, String to,
                         Instant startedAt, String remoteAddress, String instanceId) {
        public Header {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(remoteAddress);
            Objects.requireNonNull(instanceId);
        }
    }

    /** A call that was never finished: its header, its transcript changes, and when its journal was last written. */
    public record Unfinished(Path file, Header header, List<Transcript.Change> changes, Instant lastWritten,
                             int unreadableLines) {}

    /** One call's journal. A write that fails is logged once and journaling of that call stops; the call goes on. */
    public static final class Writer implements Consumer<Transcript.Change> {
        private final Path file;
        private OutputStream out;

        private Writer(Path file, OutputStream out) {
            this.file = file;
            this.out = out;
        }

        @Override
        public void accept(Transcript.Change change) {
            write(JournalCodec.encode(change));
        }

        private void write(String line) {
            if (out == null) {
                return;
            }
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                log.warn("call journal {} failed, no longer written: {}", file, e.toString());
                closeQuietly();
            }
        }

        /** The call's summary is spooled: the journal is no longer needed. */
        public void finished() {
            closeQuietly();
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("cannot delete the call journal {}: {}", file, e.toString());
                }
            }
        }

        private void closeQuietly() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                log.debug("closing {}: {}", file, e.toString());
            }
            out = null;
        }
    }

    /** Starts the journal of a call (a no-op writer when journaling is off or the file cannot be created). */
    public Writer open(Header header) {
        if (folder.isEmpty()) {
            return new Writer(null, null);
        }
        Path file = folder.get().resolve(safeName(header.callId()) + SUFFIX);
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            Writer writer = new Writer(file, out);
            writer.write(JournalCodec.encode(header));
            return writer;
        } catch (IOException e) {
            log.warn("call {} is not journaled: {}", header.callId(), e.toString());
            return new Writer(null, null);
        }
    }

    /** Journals left by calls this bridge (or one before it) never finished, oldest first. */
    public List<Unfinished> unfinished() {
        if (folder.isEmpty()) {
            return List.of();
        }
        List<Unfinished> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder.get())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                read(file).ifPresent(found::add);
            }
        } catch (IOException e) {
            log.error("cannot list the call journals in {}: {}", folder.get(), e.toString());
        }
        return found;
    }

    private static Optional<Unfinished> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                log.warn("empty call journal {} removed", file);
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            Header header = JournalCodec.decodeHeader(lines.getFirst());
            List<Transcript.Change> changes = new ArrayList<>();
            int unreadable = 0;
            for (String line : lines.subList(1, lines.size())) {
                try {
                    changes.add(JournalCodec.decodeChange(line));
                } catch (RuntimeException e) {
                    unreadable++; // e.g. the last line, cut by the kill
                }
            }
            return Optional.of(new Unfinished(file, header, changes, Files.getLastModifiedTime(file).toInstant(), unreadable));
        } catch (IOException | RuntimeException e) {
            log.error("call journal {} is unreadable and left in place: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Call SIDs are letters and digits; anything else is replaced so that a name never leaves the folder. */
    static String safeName(String callId) {
        return callId.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
