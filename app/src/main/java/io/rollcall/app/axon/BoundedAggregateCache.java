package io.rollcall.app.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A least-recently-used cache of loaded aggregates, held strongly up to a bound and while in use. Axon's
 * WeakReferenceCache loses entries at every garbage collection, and a lost class aggregate means loading it
 * again in the middle of a live session. An entry not used for {@code idle} is forgotten at the next use of the
 * cache, so the classes of a finished school day do not stay in memory up to the bound: loading one again is a
 * snapshot and a few keyed reads.
 */
public class BoundedAggregateCache implements Cache {

    /** A cached value and when it was last used (nanoTime). */
    private static final class Held {
        final Object value;
        long used;

        Held(Object value, long used) {
            this.value = value;
            this.used = used;
        }
    }

    private final Map<Object, Held> entries;
    private final CopyOnWriteArrayList<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final long idleNanos;
    private final LongSupplier nanoTime;

    public BoundedAggregateCache(int maxEntries, Duration idle) {
        this(maxEntries, idle, System::nanoTime);
    }

    BoundedAggregateCache(int maxEntries, Duration idle, LongSupplier nanoTime) {
        this.idleNanos = idle.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Held> eldest) {
                boolean evict = size() > maxEntries;
                if (evict) {
                    listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                }
                return evict;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        long now = nanoTime.getAsLong();
        forgetIdle(now);
        Held held = entries.get(key);
        if (held == null) {
            return null;
        }
        held.used = now;
        return (V) held.value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        long now = nanoTime.getAsLong();
        boolean existed = entries.put(key, new Held(value, now)) != null;
        listeners.forEach(l -> {
            if (existed) {
                l.onEntryUpdated(key, value);
            } else {
                l.onEntryCreated(key, value);
            }
        });
        forgetIdle(now);
    }

    /** Entries in order of last use: the idle ones are at the front. */
    private void forgetIdle(long now) {
        Iterator<Map.Entry<Object, Held>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Map.Entry<Object, Held> entry = eldest.next();
            if (now - entry.getValue().used < idleNanos) {
                return;
            }
            eldest.remove();
            listeners.forEach(l -> l.onEntryExpired(entry.getKey()));
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T existing = get(key);
        if (existing != null) {
            return existing;
        }
        T created = valueSupplier.get();
        put(key, created);
        return created;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V existing = get(key);
        if (existing != null) {
            V updated = update.apply(existing);
            if (updated == null) {
                remove(key);
            } else {
                put(key, updated);
            }
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        entries.keySet().forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Entries held now (for tests). */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
