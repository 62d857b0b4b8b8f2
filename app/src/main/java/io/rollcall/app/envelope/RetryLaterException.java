package io.rollcall.app.envelope;

import org.springframework.http.HttpStatus;

import java.time.Duration;

/**
 * A refusal that is over once some time has passed: 429 {@code Too many requests} from a throttle, or 503
 * {@code Service unavailable} when the server is too busy. Answered with a {@code Retry-After} header.
 */
public class RetryLaterException extends RuntimeException {

    public static final String TOO_MANY_REQUESTS = "Too many requests";
    public static final String SERVICE_UNAVAILABLE = "Service unavailable";

    private final HttpStatus status;
    private final Duration retryAfter;

    private RetryLaterException(HttpStatus status, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static RetryLaterException tooManyRequests(Duration retryAfter) {
        return new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, retryAfter);
    }

    public static RetryLaterException serviceUnavailable(Duration retryAfter) {
        return new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE, retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    /** Whole seconds, rounded up and at least 1, as the Retry-After header wants them. */
    public long retryAfterSeconds() {
        long millis = Math.max(retryAfter.toMillis(), 1);
        return (millis + 999) / 1000;
    }
}
