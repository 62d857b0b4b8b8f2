package io.rollcall.app.security;

import io.rollcall.api.user.FindUser;
import io.rollcall.api.user.UserView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Token → caller, for HTTP and WebSocket alike. The role comes from the stored user, and a token whose user
 * no longer exists identifies nobody.
 */
@Component
public class CallerResolver {

    private static final String BEARER = "Bearer ";

    private final JwtService jwt;
    private final QueryGateway queries;

    public CallerResolver(JwtService jwt, QueryGateway queries) {
        this.jwt = jwt;
        this.queries = queries;
    }

    /** From an Authorization header: the raw token, or "Bearer &lt;token&gt;". */
    public Optional<Caller> fromAuthorizationHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String token = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()) : header;
        return fromToken(token.trim());
    }

    public Optional<Caller> fromToken(String token) {
        return jwt.verify(token).flatMap(this::existingUser);
    }

    private Optional<Caller> existingUser(String userId) {
        return queries.query(new FindUser(userId), ResponseTypes.optionalInstanceOf(UserView.class)).join()
                .map(user -> new Caller(user.userId(), user.role()));
    }
}
