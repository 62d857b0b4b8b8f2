package io.rollcall.app.mongo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How long the driver may wait for MongoDB before a request gives up with 503 {@code Service unavailable}:
 * {@code DB_TIMEOUT_MS} to select a server and to connect, {@code DB_READ_TIMEOUT_MS} for one reply on an open
 * connection. The driver's own defaults (30 s to select a server, no read timeout) would hold a request, and the
 * thread serving it, for as long as an outage lasts. An option given in {@code DB_URL} itself
 * ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS}, {@code socketTimeoutMS}) wins over these.
 */
@ConfigurationProperties(prefix = "rollcall.db")
public record DatabaseTimeouts(@DurationUnit(ChronoUnit.MILLIS) Duration timeout,
                               @DurationUnit(ChronoUnit.MILLIS) Duration readTimeout) {

    /** The documented defaults, also used where no Spring environment exists (tools, tests). */
    public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(null, null);

    public DatabaseTimeouts {
        timeout = timeout == null ? Duration.ofMillis(2_000) : timeout;
        readTimeout = readTimeout == null ? Duration.ofMillis(5_000) : readTimeout;
        if (timeout.isNegative() || timeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("DB_TIMEOUT_MS and DB_READ_TIMEOUT_MS must be positive");
        }
    }
}
