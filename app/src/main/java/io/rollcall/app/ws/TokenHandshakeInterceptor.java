package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.mongo.DatabaseUnavailable;
import io.rollcall.app.security.CallerResolver;
import io.rollcall.app.security.JwtService;
import io.rollcall.app.envelope.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.io.IOException;
import java.util.Map;

/**
 * Authenticates the upgrade from {@code ?token=}. The handshake succeeds whatever the token: the contract wants an
 * unauthenticated client to receive an ERROR frame and then the close, which needs an open socket. The one
 * exception: while the database cannot be reached (the token's user cannot be looked up) the upgrade is refused
 * with HTTP 503 and the envelope {@code {"success":false,"error":"Service unavailable"}}, within the database
 * timeout, so a client retries later instead of being told its token is bad.
 */
@Component
public class TokenHandshakeInterceptor implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TokenHandshakeInterceptor.class);
    static final String CALLER = "caller";
    /** When the socket's token expires (an {@link java.time.Instant}). */
    static final String EXPIRES_AT = "tokenExpiresAt";

    private final CallerResolver callers;
    private final JwtService jwt;
    private final ObjectMapper json;

    public TokenHandshakeInterceptor(CallerResolver callers, JwtService jwt, ObjectMapper json) {
        this.callers = callers;
        this.jwt = jwt;
        this.json = json;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        // the parameter, not request.getURI(): the URI's query string is redacted for logging
        String token = request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getParameter("token") : null;
        if (token == null) {
            return true;
        }
        try {
            callers.fromToken(token).ifPresent(caller -> {
                attributes.put(CALLER, caller);
                jwt.expiry(token).ifPresent(expiry -> attributes.put(EXPIRES_AT, expiry));
            });
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // the URI as the request filter redacted it: its query string no longer carries the token
            log.warn("Refusing the WebSocket upgrade of {} with 503: database unavailable: {}", request.getURI(),
                    e.getMessage());
            response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().set("Retry-After", "1");
            json.writeValue(response.getBody(), Envelope.failure(DatabaseUnavailable.MESSAGE));
            return false;
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing to do
    }
}
