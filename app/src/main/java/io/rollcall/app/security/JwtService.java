package io.rollcall.app.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.rollcall.api.user.Role;
import io.rollcall.app.config.RollcallSettings;
import org.springframework.stereotype.Service;

import javax.crypto.SecretKey;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Issues and verifies the contract's tokens: HS256, claims userId and role, expiry 24 hours after issue.
 * Verification accepts exactly what {@link #issue} produces: HS256 only (never {@code none}, another HMAC size
 * or a public-key algorithm, whatever the header claims), {@code iat} and {@code exp} present, {@code iat} not in
 * the future beyond a small clock skew, a lifetime no longer than ours, no compressed or unencoded payload, and
 * at most {@link #MAX_TOKEN_CHARS} characters so a huge header costs nothing to refuse.
 */
@Service
public class JwtService {

    static final Duration LIFETIME = Duration.ofHours(24);
    /** Our tokens are about 200 characters; anything this long is not one of them. */
    static final int MAX_TOKEN_CHARS = 4096;
    /** Clocks of two servers behind one load balancer may differ a little. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final SecretKey key;
    private final Clock clock;
    private final JwtParser parser;

    public JwtService(RollcallSettings settings, Clock clock) {
        this.key = Keys.hmacShaKeyFor(JwtSecret.resolve(settings));
        this.clock = clock;
        this.parser = Jwts.parser().keyLocator(this::hs256KeyOnly).clock(() -> Date.from(clock.instant())).build();
    }

    /** The key for an HS256 JWS, and a refusal for any other header, before any signature is computed. */
    private Key hs256KeyOnly(Header header) {
        if (header instanceof JwsHeader jws && "HS256".equals(jws.getAlgorithm()) && jws.isPayloadEncoded()
                && jws.getCompressionAlgorithm() == null) {
            return key;
        }
        throw new UnsupportedJwtException("only HS256 tokens are accepted");
    }

    public String issue(String userId, Role role) {
        Instant now = clock.instant();
        return Jwts.builder()
                .claim("userId", userId)
                .claim("role", role.wireName())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(LIFETIME)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** The token's user id if the token is one this service could have issued and is not expired. */
    public Optional<String> verify(String token) {
        return verified(token).map(claims -> (String) claims.get("userId"));
    }

    /** When a token {@link #verify} accepts expires (the WebSocket closes a socket then); empty for any other. */
    public Optional<Instant> expiry(String token) {
        return verified(token).map(claims -> claims.getExpiration().toInstant());
    }

    private Optional<Claims> verified(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload(); // signature, exp and nbf checked here
            if (!timesAreOurs(claims.getIssuedAt(), claims.getExpiration())) {
                return Optional.empty();
            }
            return claims.get("userId") instanceof String ? Optional.of(claims) : Optional.empty();
        } catch (RuntimeException e) { // whatever a malformed token makes the parser throw, it is no token of ours
            return Optional.empty();
        }
    }

    private boolean timesAreOurs(Date issuedAt, Date expiration) {
        if (issuedAt == null || expiration == null) {
            return false;
        }
        Instant iat = issuedAt.toInstant();
        return !iat.isAfter(clock.instant().plus(CLOCK_SKEW))
                && !expiration.toInstant().isAfter(iat.plus(LIFETIME).plus(CLOCK_SKEW));
    }
}
