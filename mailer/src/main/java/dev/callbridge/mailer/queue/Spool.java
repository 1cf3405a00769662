package dev.callbridge.mailer.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.callbridge.mailer.request.MailRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Mail requests on local disk until the queue has taken them: one {@code <id>.json} file each, written aside and
 * moved into place so a file is always whole. What is in the folder at start-up was not yet handed on.
 */
public final class Spool {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String SUFFIX = ".json";

    private final Path folder;

    public Spool(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool folder " + folder, e);
        }
    }

    public record Entry(MailRequest request, Origin origin) {}

    public Path folder() {
        return folder;
    }

    /** Writes (or replaces) the entry for the request's id. */
    public void put(Entry entry) {
        try {
            Path tmp = Files.createTempFile(folder, ".", ".part");
            MAPPER.writeValue(tmp.toFile(), entry);
            Files.move(tmp, file(entry.request().id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool " + entry.request().id() + " in " + folder, e);
        }
    }

    /**
     * The entries waiting, oldest first. An unreadable file is moved aside as {@code .bad} and skipped; one that is
     * gone by the time it is read (the sending thread removed it meanwhile) is skipped.
     */
    public List<Entry> pending() {
        return pending(id -> false);
    }

    /** The same, without reading the files of the entries whose id {@code skip} accepts (e.g. those in flight). */
    public List<Entry> pending(Predicate<String> skip) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !skip.test(id(p)))
                    .sorted(Comparator.comparing(Spool::modified)).map(this::read).flatMap(Stream::ofNullable).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + folder, e);
        }
    }

    private static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /** How many entries wait, counted without reading them. */
    public int size() {
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + folder, e);
        }
    }

    public void remove(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + id + " from the spool", e);
        }
    }

    private Entry read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), Entry.class);
        } catch (IOException | RuntimeException e) {
            if (Files.notExists(file)) {
                return null; // handed on and removed by another thread since the folder was listed: not an error
            }
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                e.addSuppressed(moveFailed);
            }
            org.slf4j.LoggerFactory.getLogger(Spool.class).error("spool file {} is unreadable, set aside: {}", file, e.toString());
            return null;
        }
    }

    private Path file(String id) {
        return folder.resolve(id + SUFFIX);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
