package io.rollcall.app.axon;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregate cache keeps entries up to its bound and while they are used, and forgets idle ones. */
class BoundedAggregateCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(3, Duration.ofMinutes(10), now::get);
    private final List<Object> expired = new ArrayList<>();

    {
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
    }

    @Test
    void theLeastRecentlyUsedEntryGoesBeyondTheBound() {
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        assertThat((Integer) cache.get("a")).isEqualTo(1); // a is now the most recently used
        cache.put("d", 4);

        assertThat(cache.containsKey("b")).isFalse();
        assertThat(expired).containsExactly("b");
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void anEntryNotUsedForTheIdleTimeIsForgottenAtTheNextUseOfTheCache() {
        cache.put("a", 1);
        now.addAndGet(Duration.ofMinutes(6).toNanos());
        cache.put("b", 2);
        now.addAndGet(Duration.ofMinutes(6).toNanos()); // a idle 12 minutes, b 6

        assertThat((Integer) cache.get("b")).isEqualTo(2);
        assertThat(cache.containsKey("a")).isFalse();
        assertThat(expired).containsExactly("a");

        now.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat((Integer) cache.get("b")).as("used 9 minutes ago: kept, and used again now").isEqualTo(2);
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat((Integer) cache.get("b")).isEqualTo(2);
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat((Object) cache.get("b")).isNull();
        assertThat(cache.size()).isZero();
    }
}
