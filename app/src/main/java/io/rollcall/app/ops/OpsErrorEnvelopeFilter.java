package io.rollcall.app.ops;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.web.EnvelopeErrorController;
import io.rollcall.app.envelope.EnvelopeWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;

/**
 * Actuator answers some errors itself with an empty body (e.g. 404 for an unknown health group); on the
 * operations paths such a bodiless error becomes the usual envelope. Bodies actuator does write (a 503 health
 * report while the database is down) are kept as they are.
 */
@Component
public class OpsErrorEnvelopeFilter extends OncePerRequestFilter {

    private final EnvelopeWriter envelope;

    public OpsErrorEnvelopeFilter(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(isUnder(path, "/health") || isUnder(path, "/metrics"));
    }

    private static boolean isUnder(String path, String base) {
        return path.equals(base) || path.startsWith(base + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, wrapper);
        } finally {
            HttpStatus status = HttpStatus.resolve(wrapper.getStatus());
            if (status != null && status.isError() && wrapper.getContentSize() == 0 && !response.isCommitted()) {
                envelope.write(response, EnvelopeErrorController.sentStatus(status),
                        Envelope.failure(EnvelopeErrorController.messageFor(status)));
            } else {
                wrapper.copyBodyToResponse();
            }
        }
    }
}
