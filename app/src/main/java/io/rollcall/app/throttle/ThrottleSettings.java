package io.rollcall.app.throttle;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The limits on the credential routes (documented in docs/operations.md; defaults in application.properties).
 * A school sits behind one NAT address, so per address only failed logins count; a correct password costs the
 * address nothing. {@code maxTracked} bounds each table of counters; the least recently seen go first.
 * {@code hashingThreads} and {@code hashingQueue} bound the bcrypt work: the pool never has more threads than
 * the machine has cores (0, the default, means half of them, at least one, so a login flood leaves the live path a
 * core), and a login beyond the queue is refused at once instead of holding a request thread. A throttled login or
 * signup is answered after {@code refusalDelay} (at most its Retry-After), see {@link DelayedRefusals}.
 */
@ConfigurationProperties(prefix = "rollcall.throttle")
public record ThrottleSettings(Rate loginFailuresPerEmail, Rate loginFailuresPerAddress, Rate signupsPerEmail,
                               Rate signupsPerAddress, int maxTracked, int hashingThreads, int hashingQueue,
                               Duration refusalDelay) {

    public ThrottleSettings {
        if (loginFailuresPerEmail == null || loginFailuresPerAddress == null || signupsPerEmail == null
                || signupsPerAddress == null) {
            throw new IllegalArgumentException("every rollcall.throttle rate must be set");
        }
        if (maxTracked < 1 || hashingThreads < 0 || hashingQueue < 0) {
            throw new IllegalArgumentException("rollcall.throttle.max-tracked must be at least 1, hashing-threads "
                    + "and hashing-queue at least 0");
        }
        if (refusalDelay == null || refusalDelay.isNegative()) {
            throw new IllegalArgumentException("rollcall.throttle.refusal-delay must be 0 or more");
        }
    }

    /** The bcrypt threads on a machine with {@code cores} cores. */
    public int hashingThreadsFor(int cores) {
        return hashingThreads == 0 ? Math.max(1, cores / 2) : Math.min(hashingThreads, cores);
    }
}
