package dev.callbridge.bridge.twilio;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses Twilio webhooks ({@code /twilio/*}) whose {@code X-Twilio-Signature} does not match the public URL and
 * the form parameters: 403 and one log line, before any handler runs.
 */
public final class TwilioWebhookFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookFilter.class);

    private final TwilioSignatures signatures;
    private final String publicBase;

    public TwilioWebhookFilter(TwilioSignatures signatures, URI publicUrl) {
        this.signatures = signatures;
        this.publicBase = publicUrl.toString().replaceAll("/+$", "");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String url = publicBase + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, String> params = new HashMap<>();
        if ("POST".equalsIgnoreCase(request.getMethod())) {
            request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
            if (request.getQueryString() != null) {
                // Twilio signs the URL with its query string and the POST body's parameters only.
                for (String pair : request.getQueryString().split("&")) {
                    params.remove(java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        if (!signatures.webhook(url, params, request.getHeader(TwilioSignatures.HEADER))) {
            log.warn("refused {} {} from {}: missing or invalid X-Twilio-Signature", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "invalid Twilio signature");
            return;
        }
        chain.doFilter(request, response);
    }
}
