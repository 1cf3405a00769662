package dev.callbridge.bridge.mail;

import dev.callbridge.bridge.BearerToken;
import dev.callbridge.bridge.BridgeProperties;
import dev.callbridge.mailer.queue.Origin;
import dev.callbridge.mailer.request.MailRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /mail}: queues a mail through the same spool, queue and consumer as the call summaries, to check a
 * running deployment end to end. Off unless {@code callbridge.mail.endpoint-token} is set; then it needs
 * {@code Authorization: Bearer <token>}. Body: {@code {"text": "…", "recipient": "…"}} (recipient optional).
 */
@RestController
public final class MailEndpointController {
    private static final Logger log = LoggerFactory.getLogger(MailEndpointController.class);
    static final int MAX_TEXT_BYTES = 256 * 1024;

    private final MailPipeline pipeline;
    private final BearerToken token;
    private final String instance;
    private final Supplier<String> ids;

    public MailEndpointController(MailPipeline pipeline, BridgeProperties properties) {
        this.pipeline = pipeline;
        this.token = new BearerToken(properties.mail().endpointToken());
        this.instance = properties.instanceId();
        this.ids = () -> "endpoint-" + UUID.randomUUID();
    }

    public record MailBody(String text, String recipient) {}

    @PostMapping(path = "/mail", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> mail(@RequestHeader(name = "Authorization", required = false) String authorization,
                                                    @RequestBody(required = false) MailBody body, HttpServletRequest http) {
        if (!token.configured()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the mail endpoint is off"));
        }
        if (!token.admits(authorization)) {
            log.warn("POST /mail from {} refused: bad or missing bearer token", http.getRemoteAddr());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                    .body(Map.of("error", "a valid bearer token is required"));
        }
        if (body == null || body.text() == null || body.text().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "body must be {\"text\": \"…\"}"));
        }
        if (body.text().getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Map.of("error", "text over " + MAX_TEXT_BYTES + " bytes"));
        }
        String id = ids.get();
        MailRequest request = MailRequest.of(MailRequest.Kind.ENDPOINT, id, body.recipient(),
                "Mail endpoint (bridge " + instance + ")", body.text(), pipeline.settings().queueCapBytes(),
                MailRequest.Summary.NOT_REQUESTED);
        pipeline.submit(request, new Origin("mail-endpoint", id, "", "", http.getRemoteAddr(), instance));
        log.info("POST /mail from {}: queued {} ({} bytes)", http.getRemoteAddr(), id, request.originalBytes());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", id, "bytes", request.originalBytes()));
    }
}
