package dev.callbridge.mailer.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SES API emulator {@code aws-ses-v2-local} (npm, installed under {@code tools/ses-local} by {@code test.sh}),
 * started as a child process on loopback. Mails are read back from its {@code GET /store}.
 */
public final class SesEmulator implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("server running at http://[^:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private SesEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts on {@code port} (0 for any free one) and waits until it serves. */
    public static SesEmulator start(int port) throws IOException {
        Path cli = cli();
        Process p = new ProcessBuilder("node", cli.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    Matcher m = RUNNING.matcher(line);
                    if (m.find()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    } else if (!ready.isDone()) {
                        System.out.println("[ses-emulator] " + line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("aws-ses-v2-local exited before it served"));
        });
        try {
            return new SesEmulator(p, ready.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("aws-ses-v2-local did not start: " + e, e);
        }
    }

    private static Path cli() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path cli = dir.resolve("tools/ses-local/node_modules/aws-ses-v2-local/dist/cli.js");
            if (Files.isRegularFile(cli)) {
                return cli;
            }
            if (Files.isDirectory(dir.resolve("tools/ses-local"))) {
                break;
            }
        }
        throw new IllegalStateException("aws-ses-v2-local is not installed: run `npm ci --prefix tools/ses-local` "
                + "(./test.sh does this)");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public record Attachment(String filename, String content) {}

    public record StoredMail(String messageId, String from, List<String> to, String subject, String text,
                             List<Attachment> attachments) {}

    public List<StoredMail> mails() throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(endpoint().resolve("/store")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode root = JSON.readTree(response.body());
        List<StoredMail> out = new ArrayList<>();
        for (JsonNode e : root.path("emails")) {
            List<Attachment> attachments = new ArrayList<>();
            for (JsonNode a : e.path("attachments")) {
                attachments.add(new Attachment(a.path("filename").asText(),
                        new String(Base64.getDecoder().decode(a.path("content").asText()), StandardCharsets.UTF_8)));
            }
            List<String> to = new ArrayList<>();
            e.path("destination").path("to").forEach(t -> to.add(t.asText()));
            out.add(new StoredMail(e.path("messageId").asText(), e.path("from").asText(), to,
                    e.path("subject").asText(), e.path("body").path("text").asText(), attachments));
        }
        return out;
    }

    /** The whole message as SES would deliver it (headers included). */
    public String eml(String messageId) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(endpoint().resolve("/get-emlContent?messageId=" + messageId)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    public void clear() throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(endpoint().resolve("/clear-store")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
