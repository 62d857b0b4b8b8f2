package io.rollcall.app.throttle;

import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/**
 * So many events per period, written {@code count/period} in properties and the environment, e.g. {@code 5/15m}
 * or {@code 60/1m} (period in Spring Boot's duration format: {@code 30s}, {@code 15m}, {@code 1h}, {@code PT15M}).
 */
public record Rate(long count, Duration period) {

    public Rate {
        if (count < 1 || period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a count of at least 1 and a positive period");
        }
    }

    /** Used by Spring's conversion when binding {@code rollcall.throttle.*}. */
    public static Rate valueOf(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a rate is written count/period, e.g. 5/15m: " + text);
        }
        return new Rate(Long.parseLong(text.substring(0, slash).trim()),
                DurationStyle.detectAndParse(text.substring(slash + 1).trim()));
    }

    @Override
    public String toString() {
        return count + "/" + period;
    }
}
