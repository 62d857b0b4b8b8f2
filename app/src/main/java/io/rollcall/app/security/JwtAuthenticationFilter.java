package io.rollcall.app.security;

import io.rollcall.app.mongo.DatabaseUnavailable;
import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.envelope.EnvelopeWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Stateless: every request authenticates from its own Authorization header. A bad token simply leaves the
 * request anonymous; the route rules then answer 401 where authentication is required. When the user lookup
 * cannot reach the database, the request is answered 503 here: it is neither anonymous nor authenticated.
 */
public class JwtAuthenticationFilter extends OncePerRequestFilter {

    private final CallerResolver callers;
    private final EnvelopeWriter envelope;

    public JwtAuthenticationFilter(CallerResolver callers, EnvelopeWriter envelope) {
        this.callers = callers;
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> found;
        try {
            found = callers.fromAuthorizationHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            logger.warn("Database unavailable while authenticating: " + e);
            envelope.write(response, HttpStatus.SERVICE_UNAVAILABLE, Envelope.failure(DatabaseUnavailable.MESSAGE));
            return;
        }
        found.ifPresent(caller -> {
            var authority = new SimpleGrantedAuthority("ROLE_" + caller.role().name());
            var authentication = new UsernamePasswordAuthenticationToken(caller, null, List.of(authority));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }
}
