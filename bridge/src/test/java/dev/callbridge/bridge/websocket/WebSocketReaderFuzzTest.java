package dev.callbridge.bridge.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The frame reader on hostile bytes: valid frames mutated at random (bits flipped, bytes cut, lengths lied about)
 * must be read, or end the connection with a close status ({@link WebSocketException}) or as a truncated stream
 * ({@link EOFException}), never any other way, and never with a message above the limit.
 */
class WebSocketReaderFuzzTest {
    private static final int MAX_MESSAGE_BYTES = 4096;
    private static final int ROUNDS = 20_000;

    /** Masked client frames, as the server's reader expects them: a text message, fragments, a ping, a close. */
    private static byte[] validStream(Random random) throws IOException {
        var out = new ByteArrayOutputStream();
        var writer = new WebSocketWriter(out, true, random);
        writer.writeText("{\"event\":\"media\",\"media\":{\"payload\":\"" + "A".repeat(random.nextInt(300)) + "\"}}");
        writer.writeText("é😀".repeat(random.nextInt(50)));
        writer.writePong("pong".getBytes(StandardCharsets.UTF_8));
        writer.writeText("x".repeat(200));
        writer.writeClose(1000, "bye");
        return out.toByteArray();
    }

    @Test
    void mutatedFramesAreReadOrRefusedWithACloseStatusNeverOtherwise() throws IOException {
        var random = new Random(20261122);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = validStream(random);
            mutate(bytes, random);
            if (random.nextInt(4) == 0) {
                bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            var reader = new WebSocketReader(new SocketInput(new ByteArrayInputStream(bytes), 64), false, MAX_MESSAGE_BYTES);
            List<Integer> sizes = new ArrayList<>();
            var callback = new WebSocketReader.FrameCallback() {
                boolean closed;

                @Override
                public void onText(String text) {
                    sizes.add(text.getBytes(StandardCharsets.UTF_8).length);
                }

                @Override
                public void onBinary(byte[] data) {
                    sizes.add(data.length);
                }

                @Override
                public void onPing(byte[] payload) {
                    assertTrue(payload.length <= 125);
                }

                @Override
                public void onClose(int code, String reason) {
                    closed = true;
                }
            };
            String outcome;
            try {
                while (!callback.closed) {
                    reader.readMessage(callback);
                }
                outcome = "read to the close frame";
            } catch (WebSocketException e) {
                outcome = "refused with " + e.closeCode();
            } catch (EOFException e) {
                outcome = "truncated";
            }
            outcomes.merge(outcome, 1, Integer::sum);
            for (int size : sizes) {
                assertTrue(size <= MAX_MESSAGE_BYTES, "a message above the limit was delivered: " + size);
            }
        }
        System.out.println(ROUNDS + " mutated frame streams: " + outcomes);
        assertEquals(ROUNDS, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        for (String expected : List.of("read to the close frame", "refused with 1002", "refused with 1007", "refused with 1009", "truncated")) {
            assertTrue(outcomes.containsKey(expected), "the mutations reach " + expected + ": " + outcomes);
        }
    }

    private static void mutate(byte[] bytes, Random random) {
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(Math.min(bytes.length, random.nextBoolean() ? 16 : bytes.length));
            switch (random.nextInt(3)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                default -> bytes[at] = (byte) (bytes[at] | 0x7F); // a length byte now says 127: a 64-bit length follows
            }
        }
    }
}
