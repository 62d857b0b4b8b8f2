package io.rollcall.app.eventstore;

import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The tokens of a run of events handed out together, each the one Axon's {@link MongoTrackingToken#advanceTo} would
 * make from the one before it, without its copy. A Mongo token holds the ids of every event of its last look-back
 * second, and {@code advanceTo} copies that map for each event: at a few hundred marks a second, a map of hundreds
 * of entries per handed event (profiles of warm marks put 1.6 to 2.0 % of the server's CPU there, the copies'
 * garbage aside). Here the run's tokens share one list of ids in the order the maps would hold them; each token's
 * map is a read-only view of a stretch of the list: from the oldest entry it keeps (Axon drops a token's oldest
 * entries, in order, until the first that is within the look-back of its timestamp) to its own event.
 *
 * <p>The list grows while the run's tokens are made, and is never changed after: the tokens must be handed out
 * only once the run's last one is made. Equivalent because a token's timestamp never goes back, so the oldest
 * entry a token keeps is never before the one the token before it kept.
 */
final class TokenWindows {

    private final Duration lookBack;
    private final long lookBackMillis;
    private final int expected;
    private String[] ids;
    private long[] timestamps;
    private int size;
    /** The first entry the last token holds: Axon drops a token's oldest entries, in order, while they are too old. */
    private int from;
    /** Where each id is in the list. */
    private Map<String, Integer> index;
    /** The last token made (null until the first one, if the run starts from no token). */
    private MongoTrackingToken last;

    /** A run of {@code expected} events after {@code start} (null: the run's first token names only its event). */
    TokenWindows(MongoTrackingToken start, int expected, Duration lookBack) {
        this.lookBack = lookBack;
        this.lookBackMillis = lookBack.toMillis();
        this.expected = expected;
        startFrom(start);
    }

    /** A new list, holding what {@code start} holds; the tokens made before keep theirs. */
    private void startFrom(MongoTrackingToken start) {
        Map<String, Long> known = start == null ? Map.of() : start.getTrackedEvents();
        int capacity = known.size() + expected;
        ids = new String[Math.max(capacity, 1)];
        timestamps = new long[ids.length];
        size = 0;
        from = 0;
        index = new HashMap<>(capacity * 4 / 3 + 1);
        known.forEach(this::add);
        last = start;
    }

    /** The token after the last one, that has also seen {@code eventId} (written at {@code written}). */
    MongoTrackingToken advanceTo(Instant written, String eventId) {
        if (index.containsKey(eventId)) {
            // known (Axon's advanceTo refuses it) or dropped by the look-back and back again: never for events
            // appended once each, but a list that held the id twice would change what earlier tokens hold
            MongoTrackingToken made = last.advanceTo(written, eventId, lookBack);
            startFrom(made);
            return made;
        }
        long millis = written.toEpochMilli();
        long timestamp = last == null ? millis : Math.max(millis, last.getTimestamp().toEpochMilli());
        add(eventId, millis);
        long cutoff = timestamp - lookBackMillis;
        while (from < size && timestamps[from] < cutoff) { // Axon trims the oldest entries up to the first kept one
            from++;
        }
        last = MongoTrackingToken.of(Instant.ofEpochMilli(timestamp), new Window(ids, timestamps, index, from, size));
        return last;
    }

    private void add(String id, long millis) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            timestamps = Arrays.copyOf(timestamps, size * 2);
        }
        ids[size] = id;
        timestamps[size] = millis;
        index.put(id, size);
        size++;
    }

    /**
     * One token's map: the entries from {@code from} to before {@code end}, in list order. The arrays and the index
     * are shared with the run's other tokens; entries are only ever added after {@code end}.
     */
    static final class Window extends AbstractMap<String, Long> implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient String[] ids;
        private final transient long[] timestamps;
        private final transient Map<String, Integer> index;
        private final int from;
        private final int end;

        Window(String[] ids, long[] timestamps, Map<String, Integer> index, int from, int end) {
            this.ids = ids;
            this.timestamps = timestamps;
            this.index = index;
            this.from = from;
            this.end = end;
        }

        private int at(Object key) {
            Integer at = index.get(key);
            return at != null && at >= from && at < end ? at : -1;
        }

        @Override
        public boolean containsKey(Object key) {
            return at(key) >= 0;
        }

        @Override
        public Long get(Object key) {
            int at = at(key);
            return at < 0 ? null : timestamps[at];
        }

        @Override
        public int size() {
            return end - from;
        }

        @Override
        public Set<Entry<String, Long>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Long>> iterator() {
                    return new Iterator<>() {
                        private int next = from;

                        @Override
                        public boolean hasNext() {
                            return next < end;
                        }

                        @Override
                        public Entry<String, Long> next() {
                            if (next >= end) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Long> entry = new SimpleImmutableEntry<>(ids[next], timestamps[next]);
                            next++;
                            return entry;
                        }
                    };
                }

                @Override
                public int size() {
                    return Window.this.size();
                }
            };
        }

        /**
         * Java serialization writes the map it stands for (its arrays are shared, so not its own); the token store's
         * Jackson serializer sees a map anyway.
         */
        @Serial
        private Object writeReplace() {
            return new LinkedHashMap<>(this);
        }
    }
}
