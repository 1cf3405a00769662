package dev.callbridge.mailer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The embedded ledger: one marker file per id in a folder. A claim is an atomically created {@code <id>.claim}
 * holding its time; sent is {@code <id>.sent}, holding the time it was sent, and expires after the retention (swept
 * at most once an hour, as mails are recorded, and by {@link #expire}). Survives restarts; safe between threads and
 * processes sharing the folder (creation is atomic on local file systems).
 */
public final class FileDeliveryLedger implements DeliveryLedger {
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private final Path folder;
    private final Clock clock;
    private final Duration lease;
    private final Duration retention;
    private volatile Instant lastSweep = Instant.MIN;

    public FileDeliveryLedger(Path folder, Clock clock, Duration lease) {
        this(folder, clock, lease, DEFAULT_RETENTION);
    }

    /** @param retention how long a sent mail is remembered; longer than the queue keeps a message */
    public FileDeliveryLedger(Path folder, Clock clock, Duration lease, Duration retention) {
        this.folder = folder;
        this.clock = clock;
        this.lease = lease;
        this.retention = retention;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the delivery ledger folder " + folder, e);
        }
    }

    @Override
    public Claim tryClaim(String id) {
        if (Files.exists(sentFile(id))) {
            return Claim.SENT;
        }
        Path claim = claimFile(id);
        try {
            Files.writeString(Files.createFile(claim), clock.instant().toString(), StandardCharsets.US_ASCII);
            return Files.exists(sentFile(id)) ? releaseAsSent(id) : Claim.TAKEN;
        } catch (FileAlreadyExistsException e) {
            return takeOverLapsed(id, claim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + id, e);
        }
    }

    /** Sent between our first check and the claim: give the claim back. */
    private Claim releaseAsSent(String id) {
        release(id);
        return Claim.SENT;
    }

    private Claim takeOverLapsed(String id, Path claim) {
        try {
            Instant claimedAt = Instant.parse(Files.readString(claim, StandardCharsets.US_ASCII).strip());
            if (clock.instant().isBefore(claimedAt.plus(lease))) {
                return refused(id);
            }
            // Lapsed: the claimant died between claim and send. Replace the claim; of several racing consumers,
            // the one whose delete succeeds re-creates it.
            Files.delete(claim);
            return tryClaim(id);
        } catch (NoSuchFileException e) {
            return tryClaim(id);
        } catch (IOException | RuntimeException e) {
            return refused(id); // being written right now by its claimant
        }
    }

    /** Why a claim that another holds, or held a moment ago, was refused. */
    private Claim refused(String id) {
        return Files.exists(sentFile(id)) ? Claim.SENT : Claim.HELD;
    }

    @Override
    public void sent(String id) {
        try {
            Files.writeString(sentFile(id), clock.instant().toString(), StandardCharsets.US_ASCII);
            Files.deleteIfExists(claimFile(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + id + " as sent", e);
        }
        if (clock.instant().isAfter(lastSweep.plus(SWEEP_EVERY))) {
            expire();
        }
    }

    /** Forgets the mails sent longer ago than the retention; returns how many. */
    public int expire() {
        Instant now = clock.instant();
        lastSweep = now;
        Instant before = now.minus(retention);
        int expired = 0;
        try (var files = Files.list(folder)) {
            for (Path sent : files.filter(f -> f.getFileName().toString().endsWith(".sent")).toList()) {
                if (sentAt(sent).isBefore(before) && Files.deleteIfExists(sent)) {
                    expired++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep the delivery ledger " + folder, e);
        }
        return expired;
    }

    /** When a sent marker was written: its content, or (an unreadable one) its file time. */
    private static Instant sentAt(Path sent) throws IOException {
        try {
            return Instant.parse(Files.readString(sent, StandardCharsets.US_ASCII).strip());
        } catch (java.time.format.DateTimeParseException | NoSuchFileException e) {
            return Files.exists(sent) ? Files.getLastModifiedTime(sent).toInstant() : Instant.MAX;
        }
    }

    @Override
    public void release(String id) {
        try {
            Files.deleteIfExists(claimFile(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + id, e);
        }
    }

    /**
     * Gives back every claim in the folder; returns how many. For a folder that one consumer owns, at its start:
     * any claim there was left by a process that stopped between claim and send, and waiting out its lease would
     * hold that mail back for minutes.
     */
    public int releaseAll() {
        try (var files = Files.list(folder)) {
            int released = 0;
            for (Path claim : files.filter(f -> f.getFileName().toString().endsWith(".claim")).toList()) {
                if (Files.deleteIfExists(claim)) {
                    released++;
                }
            }
            return released;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the claims in " + folder, e);
        }
    }

    private Path claimFile(String id) {
        return folder.resolve(id + ".claim");
    }

    private Path sentFile(String id) {
        return folder.resolve(id + ".sent");
    }
}
