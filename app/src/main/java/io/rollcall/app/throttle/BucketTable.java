package io.rollcall.app.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.Optional;

/**
 * One token bucket per key (an email, a client address) for one {@link Rate}: {@code count} tokens that refill
 * evenly over {@code period}. The table is bounded: a bucket untouched for a whole period has refilled
 * completely, so it is dropped then without losing anything; past {@code maxTracked} keys the least recently
 * used go first.
 */
final class BucketTable {

    private final Rate rate;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    BucketTable(Rate rate, int maxTracked, TimeMeter time) {
        this.rate = rate;
        this.time = time;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxTracked)
                .expireAfterAccess(rate.period())
                .ticker(time::currentTimeNanos)
                .build();
    }

    /** Takes one token; if there is none, how long until there is. */
    Optional<Duration> take(String key) {
        ConsumptionProbe probe = bucketOf(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Returns a token taken by {@link #take} for an attempt that turned out not to count. */
    void giveBack(String key) {
        bucketOf(key).addTokens(1);
    }

    private Bucket bucketOf(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate.count()).refillGreedy(rate.count(), rate.period()).build())
                .withCustomTimePrecision(time)
                .build());
    }
}
