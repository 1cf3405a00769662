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
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable per-call journals: one file of JSON lines per call in progress, its header first, then every transcript
 * change as it happens. Each line is one {@code write} to the file, so a process killed with {@code kill -9} has
 * lost nothing the operating system was given. A call that ends normally deletes its journal once its summary is
 * spooled ({@link Writer#finish}); whatever journals a bridge finds at start-up belong to calls it never finished
 * ({@link #unfinished}).
 *
 * <p>The files are touched on the journal's <em>disk thread</em> ({@link #onOwnThread}), never on the thread that
 * reports a change: that is a socket's, and with event loops one thread carries hundreds of calls, which a slow
 * {@code unlink} or {@code open} (milliseconds each on a busy disk, at every hang-up) would stall all at once. One
 * thread, first come first served, so each call's lines are written in the order they were reported and its
 * journal is deleted only after its summary was spooled. A kill loses only the lines still queued for that thread
 * (its queue is normally empty; {@link #backlog}). Thread-safe; each {@link Writer} is used under its call's lock.
 */
public final class CallJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallJournal.class);
    static final String SUFFIX = ".jsonl";
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Optional<Path> folder;
    private final Executor disk;
    private final Optional<ThreadPoolExecutor> diskThread;

    /**
     * A journal that touches its files on the calling thread (as does the spooling {@link Writer#finish} runs): for
     * tests and the in-memory warm-up.
     *
     * @param folder where journals go; empty: calls are not journaled
     */
    public CallJournal(Optional<Path> folder) {
        this(folder, Optional.empty());
    }

    /** A journal that touches its files, and runs each call's final spooling, on a thread of its own. */
    public static CallJournal onOwnThread(Optional<Path> folder) {
        var thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("callbridge-disk").daemon().factory());
        return new CallJournal(folder, Optional.of(thread));
    }

    private CallJournal(Optional<Path> folder, Optional<ThreadPoolExecutor> diskThread) {
        this.diskThread = diskThread;
        this.disk = diskThread.<Executor>map(t -> task -> {
            try {
                t.execute(() -> runLogged(task));
            } catch (RejectedExecutionException e) {
                runLogged(task); // a call that ends after close(): here, rather than not at all
            }
        }).orElse(CallJournal::runLogged);
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
                         String persona, Instant startedAt, String remoteAddress, String instanceId) {
        public Header {
            Objects.requireNonNull(channel);
            Objects.requireNonNull(callId);
            Objects.requireNonNull(streamSid);
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            Objects.requireNonNull(persona);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(remoteAddress);
            Objects.requireNonNull(instanceId);
        }
    }

    /** A call that was never finished: its header, its transcript changes, and when its journal was last written. */
    public record Unfinished(Path file, Header header, List<Transcript.Change> changes, Instant lastWritten,
                             int unreadableLines) {}

    /**
     * One call's journal. A write that fails is logged once and journaling of that call stops; the call goes on.
     * Its methods only queue the work for the disk thread, which alone touches the file.
     */
    public static final class Writer implements Transcript.Journal {
        private final Executor disk;
        private final Path file;
        private OutputStream out;
        /** Changes accepted (on the call's thread, under its lock). */
        private long accepted;
        /** Changes written to the file, the first {@code durable} of those accepted (set on the disk thread). */
        private volatile long durable;

        private Writer(Executor disk, Path file) {
            this.disk = disk;
            this.file = file;
        }

        @Override
        public void accept(Transcript.Change change) {
            if (file != null) {
                long n = ++accepted;
                disk.execute(() -> {
                    if (write(JournalCodec.encode(change))) {
                        durable = n;
                    }
                });
            }
        }

        @Override
        public long durable() {
            return durable;
        }

        /**
         * The changes in the file, read back (a line that cannot be read is left out): on the disk thread only, in
         * {@link #finish}'s spooling, where every change accepted before it has been written or has failed. A file
         * that cannot be read throws, so that the spooling fails and the journal stays for the next start's recovery
         * rather than a mail going out without the turns only the file has.
         */
        public List<Transcript.Change> written() {
            if (file == null) {
                return List.of();
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return changes(lines.subList(Math.min(1, lines.size()), lines.size())).changes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the call journal " + file + " back", e);
            }
        }

        private void open(Header header) {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                log.warn("call {} is not journaled: {}", header.callId(), e.toString());
                return;
            }
            write(JournalCodec.encode(header));
        }

        private boolean write(String line) {
            if (out == null) {
                return false;
            }
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                return true;
            } catch (IOException e) {
                log.warn("call journal {} failed, no longer written: {}", file, e.toString());
                closeQuietly();
                return false;
            }
        }

        /**
         * The call has ended: on the disk thread, after every line before it, {@code spool} hands the summary on
         * (and may take its time: a recording is written there too), then the journal is deleted. If {@code spool}
         * throws, the journal stays, and the next start recovers the call from it.
         */
        public void finish(Runnable spool) {
            disk.execute(() -> {
                try {
                    spool.run();
                } finally {
                    closeQuietly();
                }
                delete();
            });
        }

        private void delete() {
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

    /**
     * Starts the journal of a call; its file is created on the disk thread (and when journaling is off, or the file
     * cannot be created, nothing is written but {@link Writer#finish} still spools).
     */
    public Writer open(Header header) {
        if (folder.isEmpty()) {
            return new Writer(disk, null);
        }
        Writer writer = new Writer(disk, folder.get().resolve(safeName(header.callId()) + SUFFIX));
        disk.execute(() -> writer.open(header));
        return writer;
    }

    /**
     * The disk thread, for the calls' other files (recordings): work given to it runs after everything queued
     * before it, so a call's files are done when its {@link Writer#finish} spooling runs.
     */
    public Executor disk() {
        return disk;
    }

    /** Work queued for the disk thread and not yet started (0 without one). */
    public int backlog() {
        return diskThread.map(t -> t.getQueue().size()).orElse(0);
    }

    /** Finishes what is queued for the disk thread (waiting up to 30 s), then stops it. */
    @Override
    public void close() {
        diskThread.ifPresent(t -> {
            t.shutdown();
            try {
                if (!t.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    log.error("the call journal's disk thread did not finish its {} queued tasks in {} s; their calls "
                            + "are recovered from their journals at the next start", t.getQueue().size(), CLOSE_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("call journal work failed: {}", e.toString(), e);
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
            Decoded changes = changes(lines.subList(1, lines.size()));
            return Optional.of(new Unfinished(file, header, changes.changes(), Files.getLastModifiedTime(file).toInstant(),
                    changes.unreadable()));
        } catch (IOException | RuntimeException e) {
            log.error("call journal {} is unreadable and left in place: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private record Decoded(List<Transcript.Change> changes, int unreadable) {}

    private static Decoded changes(List<String> lines) {
        List<Transcript.Change> changes = new ArrayList<>();
        int unreadable = 0;
        for (String line : lines) {
            try {
                changes.add(JournalCodec.decodeChange(line));
            } catch (RuntimeException e) {
                unreadable++; // e.g. the last line, cut by a kill
            }
        }
        return new Decoded(changes, unreadable);
    }

    /** Call SIDs are letters and digits; anything else is replaced so that a name never leaves the folder. */
    static String safeName(String callId) {
        return callId.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
