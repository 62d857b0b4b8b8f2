package io.rollcall.app.throttle;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The limits on the credential routes (documented in docs/operations.md; defaults in application.properties).
 * A school sits behind one NAT address, so per address only failed logins count; a correct password costs the
 * address nothing. {@code maxTracked} bounds each table of counters; the least recently seen go first.
 * {@code hashingThreads} and {@code hashingQueue} bound the bcrypt work: the pool never has more threads than
 * the machine has cores, and a login beyond the queue is refused at once instead of holding a request thread.
 */
@ConfigurationProperties(prefix = "rollcall.throttle")
public record ThrottleSettings(Rate loginFailuresPerEmail, Rate loginFailuresPerAddress, Rate signupsPerEmail,
                               Rate signupsPerAddress, int maxTracked, int hashingThreads, int hashingQueue) {

    public ThrottleSettings {
        if (loginFailuresPerEmail == null || loginFailuresPerAddress == null || signupsPerEmail == null
                || signupsPerAddress == null) {
            throw new IllegalArgumentException("every rollcall.throttle rate must be set");
        }
        if (maxTracked < 1 || hashingThreads < 1 || hashingQueue < 0) {
            throw new IllegalArgumentException("rollcall.throttle.max-tracked and hashing-threads must be at least "
                    + "1, hashing-queue at least 0");
        }
    }
}
