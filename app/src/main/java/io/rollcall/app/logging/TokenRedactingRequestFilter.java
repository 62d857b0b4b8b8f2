package io.rollcall.app.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * First in the chain: everything after it sees the query string with the {@code token=} value redacted, so no
 * message built from the request (Spring's "Uncaught failure for request ...", a WebSocket session's URI, debug
 * logging) can carry the JWT. The parameter itself stays readable ({@code getParameter("token")}) for the one
 * place that needs it, the WebSocket handshake.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TokenRedactingRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(TokenRedaction.needed(request.getQueryString()) ? new Redacted(request) : request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // the /error dispatch may log the request too
    }

    private static final class Redacted extends HttpServletRequestWrapper {
        private final String query;

        Redacted(HttpServletRequest request) {
            super(request);
            this.query = TokenRedaction.redact(request.getQueryString());
        }

        @Override
        public String getQueryString() {
            return query;
        }
    }
}
