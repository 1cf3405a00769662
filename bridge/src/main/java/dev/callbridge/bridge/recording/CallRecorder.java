package dev.callbridge.bridge.recording;

import dev.callbridge.wire.audio.AudioStage;
import dev.callbridge.wire.audio.MuLaw;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's stereo recording: the caller on the left, the assistant on the right, both placed on the Twilio media
 * timeline (8 kHz), silence where no one speaks. While the call runs each side is a sparse 16-bit temp file written
 * at its position (holes read back as silence), so memory stays flat however long the call; at the end the two are
 * interleaved into a WAV. Assistant audio is placed where Twilio plays it: right after the audio before it, or now
 * if Twilio's buffer ran dry; a barge-in erases what was queued but never played. Stops recording (and says so)
 * past {@code maxBytes} of WAV. Called under the call's lock; the files are touched only on the disk executor.
 */
public final class CallRecorder {
    private static final Logger log = LoggerFactory.getLogger(CallRecorder.class);
    private static final int SAMPLE_RATE = 8_000;
    private static final int BYTES_PER_MS_PER_TRACK = SAMPLE_RATE / 1000 * 2;

    private final Path folder;
    private final Path target;
    private final long maxMs;
    private final Path callerFile;
    private final Path assistantFile;
    private final Executor disk;
    // Where things are on the timeline: the call's thread's.
    private long lengthMs;
    private long assistantCursorMs;
    private boolean truncated;
    // The files: only the disk thread's (or the calling thread's, with a same-thread executor).
    private RandomAccessFile caller;
    private RandomAccessFile assistant;
    private volatile boolean failed;

    /** As below, touching the files on the calling thread. */
    public CallRecorder(Path folder, String callSid, long maxBytes) {
        this(folder, callSid, maxBytes, Runnable::run);
    }

    /**
     * Records into {@code folder/<callSid>.wav}; {@code maxBytes} bounds the WAV (44 bytes of header, 32 a ms).
     * The files are created, written and finally interleaved by tasks on {@code disk}, one thread that runs them
     * in order (never the socket thread that reports the audio); {@link #finish} must run there too.
     */
    public CallRecorder(Path folder, String callSid, long maxBytes, Executor disk) {
        this.folder = folder;
        String safe = callSid.replaceAll("[^A-Za-z0-9_-]", "_");
        this.target = folder.resolve(safe + ".wav");
        this.callerFile = folder.resolve("." + safe + ".caller.part");
        this.assistantFile = folder.resolve("." + safe + ".assistant.part");
        this.maxMs = Math.max(0, (maxBytes - 44) / (2L * BYTES_PER_MS_PER_TRACK));
        this.disk = disk;
        disk.execute(this::open);
    }

    private void open() {
        try {
            Files.createDirectories(folder);
            caller = new RandomAccessFile(callerFile.toFile(), "rw");
            assistant = new RandomAccessFile(assistantFile.toFile(), "rw");
        } catch (IOException e) {
            fail(e);
        }
    }

    /** A caller frame (base64 μ-law) at Twilio's media timestamp. */
    public void caller(long timestampMs, String mulawBase64) {
        place(true, timestampMs, mulawBase64);
    }

    /**
     * Assistant audio (base64 μ-law) sent to Twilio when the caller's timeline stood at {@code nowMs}: it plays
     * after what is queued, or now if nothing is.
     */
    public void assistant(long nowMs, String mulawBase64) {
        long at = Math.max(assistantCursorMs, nowMs);
        long ms = place(false, at, mulawBase64);
        assistantCursorMs = at + ms;
    }

    /** Twilio's buffer was cleared when the caller had heard up to {@code heardUntilMs} of the timeline. */
    public void cleared(long heardUntilMs) {
        if (assistantCursorMs > heardUntilMs && !failed) {
            disk.execute(() -> {
                if (failed) {
                    return;
                }
                try {
                    assistant.setLength(Math.min(assistant.length(), heardUntilMs * BYTES_PER_MS_PER_TRACK));
                } catch (IOException e) {
                    fail(e);
                }
            });
            assistantCursorMs = heardUntilMs;
        }
    }

    /** Places audio on a track's timeline now, and queues its writing; returns its length in ms. */
    private long place(boolean left, long atMs, String mulawBase64) {
        if (failed) {
            return 0;
        }
        long ms = AudioStage.mulawMillis(mulawBase64);
        if (atMs + ms > maxMs) {
            truncated = true;
            return ms;
        }
        lengthMs = Math.max(lengthMs, atMs + ms);
        disk.execute(() -> write(left ? caller : assistant, atMs, mulawBase64));
        return ms;
    }

    private void write(RandomAccessFile track, long atMs, String mulawBase64) {
        if (failed) {
            return;
        }
        byte[] mulaw = Base64.getDecoder().decode(mulawBase64);
        ByteBuffer pcm = ByteBuffer.allocate(mulaw.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : mulaw) {
            pcm.putShort(MuLaw.decode(b));
        }
        try {
            track.seek(atMs * BYTES_PER_MS_PER_TRACK);
            track.write(pcm.array());
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        log.warn("recording {} stopped: {}", target, e.toString());
    }

    /**
     * Writes the WAV and removes the temp files. Returns its path, with a note when the size bound cut it short;
     * empty when recording failed.
     */
    public Optional<String> finish() {
        RandomAccessFile left = caller;
        RandomAccessFile right = assistant;
        try (left; right) {
            if (failed) {
                return Optional.empty();
            }
            long samples = lengthMs * SAMPLE_RATE / 1000;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
                out.write(Wav.header(2, SAMPLE_RATE, samples));
                interleave(out, samples);
            }
            return Optional.of(target + (truncated ? " (cut at " + maxMs / 1000 + " s, the size bound)" : ""));
        } catch (IOException e) {
            log.warn("recording {} could not be written: {}", target, e.toString());
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(callerFile);
                Files.deleteIfExists(assistantFile);
            } catch (IOException e) {
                log.debug("removing recording temp files: {}", e.toString());
            }
        }
    }

    private void interleave(OutputStream out, long samples) throws IOException {
        byte[] left = new byte[1 << 15];
        byte[] right = new byte[1 << 15];
        byte[] both = new byte[1 << 16];
        caller.seek(0);
        assistant.seek(0);
        for (long done = 0; done < samples; ) {
            int n = (int) Math.min(left.length / 2, samples - done);
            readFully(caller, left, n * 2);
            readFully(assistant, right, n * 2);
            for (int i = 0; i < n; i++) {
                both[4 * i] = left[2 * i];
                both[4 * i + 1] = left[2 * i + 1];
                both[4 * i + 2] = right[2 * i];
                both[4 * i + 3] = right[2 * i + 1];
            }
            out.write(both, 0, n * 4);
            done += n;
        }
    }

    /** Reads {@code count} bytes, zero-filling past the end of the file (silence). */
    private static void readFully(RandomAccessFile file, byte[] buffer, int count) throws IOException {
        int read = 0;
        while (read < count) {
            int r = file.read(buffer, read, count - read);
            if (r < 0) {
                java.util.Arrays.fill(buffer, read, count, (byte) 0);
                return;
            }
            read += r;
        }
    }
}
