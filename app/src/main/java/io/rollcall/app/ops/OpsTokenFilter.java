package io.rollcall.app.ops;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.envelope.EnvelopeWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * {@code /metrics} and {@code /ops/**} need {@code Authorization: Bearer <OPS_TOKEN>} when {@code OPS_TOKEN} is set; without it the
 * answer is the usual 401 envelope. When {@code OPS_TOKEN} is unset, metrics are public. Health stays public.
 */
@Component
public class OpsTokenFilter extends OncePerRequestFilter {

    static final List<String> PROTECTED_PATHS = List.of("/metrics", "/ops");
    static final String UNAUTHORIZED = "Unauthorized, token missing or invalid";

    private final byte[] token;
    private final EnvelopeWriter envelope;

    public OpsTokenFilter(@Value("${rollcall.ops-token:}") String token, EnvelopeWriter envelope) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
        this.envelope = envelope;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return token == null || PROTECTED_PATHS.stream().noneMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            chain.doFilter(request, response);
        } else {
            envelope.write(response, HttpStatus.UNAUTHORIZED, Envelope.failure(UNAUTHORIZED));
        }
    }

    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token); // constant time
    }
}
