package io.rollcall.app.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.rollcall.api.user.Role;
import io.rollcall.app.config.RollcallSettings;
import org.springframework.stereotype.Service;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Issues and verifies the contract's tokens: HS256, claims userId and role, expiry 24 hours after issue. */
@Service
public class JwtService {

    static final Duration LIFETIME = Duration.ofHours(24);

    private final SecretKey key;
    private final Clock clock;

    public JwtService(RollcallSettings settings, Clock clock) {
        this.key = Keys.hmacShaKeyFor(JwtSecret.resolve(settings));
        this.clock = clock;
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

    /** The token's user id if the token is well-formed, correctly signed and not expired. */
    public Optional<String> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build()
                    .parseSignedClaims(token).getPayload();
            Object userId = claims.get("userId");
            return userId instanceof String id ? Optional.of(id) : Optional.empty();
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
