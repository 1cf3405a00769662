package dev.callbridge.simulator.text;

import dev.callbridge.simulator.twilio.CallResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a text caller's lines come from: a script, or a model playing the caller. */
public interface CallerLines {
    /** The caller's next line, given the conversation so far (caller and assistant turns, in order). */
    String next(List<CallResult.ExpectedTurn> soFar);

    /**
     * The {@code client:} lines of a conversation file, starting at line {@code start} (mod their number) and going
     * round; every call gets its own position so parallel calls do not all say the same thing.
     */
    static CallerLines script(List<String> lines, int start) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no caller lines");
        }
        int[] next = {Math.floorMod(start, lines.size())};
        return soFar -> {
            String line = lines.get(next[0]);
            next[0] = (next[0] + 1) % lines.size();
            return line;
        };
    }

    /** The {@code client:} lines of a file such as {@code data/client-server-conversation.txt}. */
    static List<String> clientLines(Path conversation) {
        try (var lines = Files.lines(conversation)) {
            List<String> client = lines.filter(l -> l.startsWith("client:")).map(l -> l.substring(7).strip())
                    .filter(l -> !l.isEmpty()).toList();
            if (client.isEmpty()) {
                throw new IllegalArgumentException(conversation + " holds no 'client:' lines");
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
