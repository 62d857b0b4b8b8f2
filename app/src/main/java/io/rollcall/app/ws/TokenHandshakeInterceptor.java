package io.rollcall.app.ws;

import io.rollcall.app.security.CallerResolver;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.util.Map;

/**
 * Authenticates the upgrade from {@code ?token=}. The handshake always succeeds: the contract wants an
 * unauthenticated client to receive an ERROR frame and then the close, which needs an open socket.
 */
@Component
public class TokenHandshakeInterceptor implements HandshakeInterceptor {

    static final String CALLER = "caller";

    private final CallerResolver callers;

    public TokenHandshakeInterceptor(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        // the parameter, not request.getURI(): the URI's query string is redacted for logging
        String token = request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getParameter("token") : null;
        if (token != null) {
            callers.fromToken(token).ifPresent(caller -> attributes.put(CALLER, caller));
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing to do
    }
}
