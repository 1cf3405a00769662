package dev.callbridge.bridge.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.callbridge.wire.audio.MuLaw;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CallRecorderTest {
    /** 20 ms of a constant level, as base64 μ-law. */
    private static String frame(short level) {
        byte[] b = new byte[160];
        Arrays.fill(b, MuLaw.encode(level));
        return Base64.getEncoder().encodeToString(b);
    }

    /** Stereo samples of a recorded WAV: [sample][channel]. */
    public static short[][] read(Path wav) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(Arrays.copyOfRange(b.array(), 0, 4)));
        assertEquals(2, b.getShort(22), "channels");
        assertEquals(8000, b.getInt(24), "sample rate");
        int samples = b.getInt(40) / 4;
        short[][] out = new short[samples][2];
        for (int i = 0; i < samples; i++) {
            out[i][0] = b.getShort(44 + 4 * i);
            out[i][1] = b.getShort(46 + 4 * i);
        }
        return out;
    }

    @Test
    void callerLeftAssistantRightOnTheMediaTimelineWithTheUnheardPartErased(@TempDir Path dir) throws Exception {
        var recorder = new CallRecorder(dir, "CArec1", 1 << 20);
        for (long t = 0; t < 1000; t += 20) {
            recorder.caller(t, frame((short) (t < 500 ? 0 : 1000)));
        }
        // 300 ms of reply sent at 200 ms on the timeline, 100 more queued behind it; the caller cut in at 400 ms.
        recorder.assistant(200, frame((short) 2000));
        for (int i = 0; i < 19; i++) {
            recorder.assistant(200, frame((short) 2000));
        }
        recorder.cleared(400);
        String path = recorder.finish().orElseThrow();
        short[][] s = read(Path.of(path));
        System.out.printf("samples: expected 8000 (1 s), actual %d; left at 0.1 s %d, 0.6 s %d; right at 0.1 s %d, 0.3 s %d, 0.5 s %d%n",
                s.length, s[800][0], s[4800][0], s[800][1], s[2400][1], s[4000][1]);
        assertEquals(8000, s.length);
        assertEquals(0, s[800][0], "caller silent before 500 ms");
        assertTrue(Math.abs(s[4800][0] - 1000) < 40, "caller speaking after 500 ms");
        assertEquals(0, s[800][1], "assistant silent before 200 ms");
        assertTrue(Math.abs(s[2400][1] - 2000) < 70, "assistant playing at 300 ms");
        assertEquals(0, s[4000][1], "assistant audio past the 400 ms cut erased");
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().endsWith(".part")), "temp files removed");
    }

    /** The barge-in scenario above, told to {@code recorder}. */
    private static void barge(CallRecorder recorder) {
        for (long t = 0; t < 1000; t += 20) {
            recorder.caller(t, frame((short) (t < 500 ? 0 : 1000)));
        }
        for (int i = 0; i < 20; i++) {
            recorder.assistant(200, frame((short) 2000));
        }
        recorder.cleared(400);
    }

    /**
     * On a disk thread, the thread that reports the audio (a socket's) creates and writes nothing: the files appear
     * only when the disk thread runs, and the WAV is byte for byte the one recorded on the calling thread.
     */
    @Test
    void onADiskThreadTheReportingThreadTouchesNoFileAndTheWavIsTheSame(@TempDir Path dir) throws Exception {
        var disk = java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofPlatform().name("disk").factory());
        try {
            var gate = new java.util.concurrent.CountDownLatch(1);
            disk.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var sameThread = new CallRecorder(dir.resolve("a"), "CArec3", 1 << 20);
            barge(sameThread);
            var onDisk = new CallRecorder(dir.resolve("b"), "CArec3", 1 << 20, disk);
            barge(onDisk);
            boolean touched = Files.exists(dir.resolve("b"));
            gate.countDown();
            String path = disk.submit(onDisk::finish).get().orElseThrow();
            byte[] want = Files.readAllBytes(Path.of(sameThread.finish().orElseThrow()));
            byte[] got = Files.readAllBytes(Path.of(path));
            System.out.printf("files made by the reporting thread: expected none, actual %s; WAV: expected %d bytes, "
                    + "actual %d, equal %b%n", touched ? "some" : "none", want.length, got.length, Arrays.equals(want, got));
            assertTrue(!touched, "the reporting thread created the folder or files");
            assertTrue(Arrays.equals(want, got), "the same WAV on either thread");
        } finally {
            disk.shutdown();
        }
    }

    @Test
    void theSizeBoundCutsTheRecordingAndSaysSo(@TempDir Path dir) throws Exception {
        var recorder = new CallRecorder(dir, "CArec2", 44 + 32 * 200); // room for 200 ms
        for (long t = 0; t < 1000; t += 20) {
            recorder.caller(t, frame((short) 500));
        }
        String path = recorder.finish().orElseThrow();
        System.out.println("bounded: " + path);
        assertTrue(path.endsWith("(cut at 0 s, the size bound)"), path);
        assertEquals(1600, read(Path.of(path.substring(0, path.indexOf(" (")))).length, "200 ms kept");
    }
}
