package io.rollcall.app.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The event store as the streaming processors read it. Appends go to MongoDB unchanged; what this process
 * appended is also kept in memory, in the order the appends completed, and a processor that has seen everything
 * stored before that reads it from memory. Reading the event collection by position is one query per fetch, and
 * on the embedded server (no secondary indexes) each such query scans the whole collection: with processors
 * following every append, the cost of a mark would grow with the history.
 *
 * <p>This holds only while this process is the only writer (a second node's events would not be in memory);
 * When nodes share the database ({@code CLUSTER}) the memory is off.
 */
public class RecentEventsStorage extends DelegatingStorageEngine {

    /**
     * A processor whose token is this far behind an event of memory's still looks at it. Commits land within
     * milliseconds of their events' timestamps; the margin is far wider than the store's own look-back.
     */
    private static final long SKEW_MILLIS = 10_000;
    /** A reader is never kept waiting for more than this many events. */
    private static final int LINGER_AT_MOST = 500;

    /** One appended event, its place in the order of appends, and when it was appended (nanoTime). */
    public record Recent(long position, EventMessage<?> event, long millis, long appendedAt) {
        String id() {
            return event.getIdentifier();
        }
    }

    private final Duration lookBack;
    private final int capacity;
    private final long lingerNanos;
    private final Recent[] ring;
    /** Events appended longer ago than this are dropped from memory (a processor that far behind reads the store). */
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    /** Guarded by {@code this}: the newest position appended (0: none yet). */
    private long newest;
    /** Guarded by {@code this}: positions up to this one were dropped for their age. */
    private long droppedUpTo;
    /** Guarded by {@code this}: covers every event stored before the oldest one still in memory. */
    private MongoTrackingToken floor;
    /**
     * Guarded by {@code this}: the last token asked about, up to which position it was looked at, and what it had
     * not seen there. The event store's reader asks again with the same token until it is handed events (every
     * append, every poll while events linger): it is then answered from here plus the events appended since,
     * instead of by a scan of the ten seconds of events before it (a profile put 7 % of a mark's CPU there).
     */
    private TrackingToken lastAsked;
    private long lastAskedUpTo;
    private List<Recent> lastUnseen;
    /** Guarded by {@code this}: the position of the newest event the floor has been advanced over (0: none). */
    private long floorUpTo;
    /**
     * Guarded by {@code this}: a token known to cover the floor as long as the floor has been advanced over no
     * event newer than {@code coveringUpTo}. Axon's {@code covers} walks both tokens' maps of event ids (hundreds
     * at a few hundred marks a second); the reader polls every few milliseconds, mostly with the token memory
     * handed it last, so the check is made once per token instead of once per poll.
     */
    private TrackingToken coveringToken;
    private long coveringUpTo;
    /** When a commit last woke the event store's reader ({@link #wakesReader}), in {@code nanoTime}. */
    private final AtomicLong lastWake;
    private final AtomicLong wakes = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    /** Guarded by {@code this}: how many events, and how many floor checks, were looked at (for tests). */
    private long eventsExamined;
    private long floorChecks;

    /**
     * @param linger     how long a reader at the head waits for more events before it is handed the ones that
     *                   came, so processors handle (and write) them together instead of one by one
     * @param startFloor a token covering everything stored before this process appends (null: the store is
     *                   empty)
     * @param maxAge     how long an event stays in memory at most: the memory of a quiet server empties
     */
    public RecentEventsStorage(EventStorageEngine storage, Duration lookBack, int capacity, Duration linger,
                               MongoTrackingToken startFloor, Duration maxAge) {
        this(storage, lookBack, capacity, linger, startFloor, maxAge, System::nanoTime);
    }

    RecentEventsStorage(EventStorageEngine storage, Duration lookBack, int capacity, Duration linger,
                        MongoTrackingToken startFloor, Duration maxAge, LongSupplier nanoTime) {
        super(storage);
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.lookBack = lookBack;
        this.capacity = capacity;
        this.lingerNanos = linger.toNanos();
        this.ring = new Recent[capacity];
        this.floor = startFloor;
        this.lastWake = new AtomicLong(nanoTime.getAsLong() - lingerNanos);
    }

    /**
     * Whether a commit that has just appended should wake the event store's reader. Memory hands events out once
     * the oldest of them has lingered, and a reader that finds them lingering polls again after its fetch delay,
     * which is the linger ({@code AxonConfig.LINGER}): so the first commit of a linger wakes the reader, which
     * then comes back for that commit's events and every one after it, and the other commits of that linger need
     * not wake it. Waking it on every commit cost a lock, a signal and a thread switch per mark, each to find the
     * events still lingering. Without memory or linger (nodes sharing the database) every commit wakes it.
     */
    public boolean wakesReader() {
        if (capacity == 0 || lingerNanos == 0) {
            return true;
        }
        commits.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastWake.get();
        if (now - last >= lingerNanos && lastWake.compareAndSet(last, now)) {
            wakes.incrementAndGet();
            return true;
        }
        return false;
    }

    /** How often a commit woke the reader while events linger (for tests). */
    public long readerWakes() {
        return wakes.get();
    }

    /** How many commits asked {@link #wakesReader} while events linger (for tests). */
    public long commitsAsked() {
        return commits.get();
    }

    /** How long events linger in memory before a reader is handed them. */
    public Duration linger() {
        return Duration.ofNanos(lingerNanos);
    }

    /**
     * The token covering everything stored now: what a processor must have seen before memory serves it. Read
     * from the store once, at start, before this process appends anything.
     */
    public static MongoTrackingToken headOf(EventStorageEngine storage, Instant newestEvent, Duration lookBack) {
        if (newestEvent == null) {
            return null;
        }
        MongoTrackingToken head = null;
        try (Stream<? extends TrackedEventMessage<?>> recent =
                     storage.readEvents(storage.createTokenAt(newestEvent.minus(lookBack).minusSeconds(1)), false)) {
            Iterator<? extends TrackedEventMessage<?>> events = recent.iterator();
            while (events.hasNext()) {
                head = (MongoTrackingToken) events.next().trackingToken();
            }
        }
        return head;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        storage.appendEvents(events);
        if (capacity == 0) {
            return;
        }
        synchronized (this) {
            for (EventMessage<?> event : events) {
                long position = ++newest;
                int slot = (int) (position % capacity);
                Recent evicted = ring[slot];
                if (evicted != null) {
                    floor = advance(floor, evicted);
                    floorUpTo = evicted.position();
                }
                ring[slot] = new Recent(position, event, event.getTimestamp().toEpochMilli(), nanoTime.getAsLong());
            }
            dropOld();
        }
    }

    /** The oldest position still in memory (newer than {@code newest} when memory is empty). */
    private long oldestKept() {
        return Math.max(Math.max(1, newest - capacity + 1), droppedUpTo + 1);
    }

    /** Drops the events older than the maximum age; the floor then covers them. Guarded by {@code this}. */
    private void dropOld() {
        long now = nanoTime.getAsLong();
        for (long position = oldestKept(); position <= newest; position++) {
            int slot = (int) (position % capacity);
            Recent oldest = ring[slot];
            if (now - oldest.appendedAt() < maxAgeNanos) {
                return;
            }
            floor = advance(floor, oldest);
            floorUpTo = position;
            ring[slot] = null;
            droppedUpTo = position;
        }
    }

    /** The newest event appended by this process, if any is still in memory. */
    public synchronized Optional<Recent> newest() {
        return newest == 0 || capacity == 0 ? Optional.empty()
                : Optional.ofNullable(ring[(int) (newest % capacity)]);
    }

    /** The token that covers everything stored so far (the events in memory included); null if nothing is. */
    public synchronized MongoTrackingToken head() {
        MongoTrackingToken head = floor;
        for (long position = oldestKept(); position <= newest && capacity > 0; position++) {
            head = advance(head, ring[(int) (position % capacity)]);
        }
        return head;
    }

    /** The token that covers everything stored before the events in memory. */
    public synchronized MongoTrackingToken floor() {
        return floor;
    }

    /** Whether a processor at {@code token} has seen {@code event} (the store's own rule for its tokens). */
    public boolean hasSeen(TrackingToken token, Recent event) {
        return hasSeen(token, event.id(), event.millis());
    }

    /** Whether a processor at {@code token} has seen the stored event {@code eventId} written at {@code written}. */
    public boolean hasSeen(TrackingToken token, String eventId, Instant written) {
        return hasSeen(token, eventId, written.toEpochMilli());
    }

    private boolean hasSeen(TrackingToken token, String eventId, long writtenMillis) {
        return token instanceof MongoTrackingToken seen && (seen.getKnownEventIds().contains(eventId)
                || writtenMillis < seen.getTimestamp().toEpochMilli() - lookBack.toMillis());
    }

    /** Whether a processor at {@code token} has seen everything stored before this process started appending. */
    public boolean coversFloor(TrackingToken token) {
        MongoTrackingToken start = floor();
        if (start == null) {
            return true;
        }
        return token instanceof MongoTrackingToken seen && seen.covers(start);
    }

    /** How many of the events in memory a reader at {@code token} has not seen; empty if memory cannot tell. */
    public Optional<Integer> unseenCount(TrackingToken token) {
        return Optional.ofNullable(unseenFromMemory(token)).map(List::size);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        List<Recent> unseen = unseenFromMemory(trackingToken);
        if (unseen == null) {
            return storage.readEvents(trackingToken, mayBlock);
        }
        if (unseen.isEmpty()) {
            return Stream.empty();
        }
        if (unseen.size() < LINGER_AT_MOST && System.nanoTime() - unseen.get(0).appendedAt() < lingerNanos) {
            return Stream.empty(); // more may come: the reader polls again shortly (the event store's fetch delay)
        }
        List<TrackedEventMessage<?>> tracked = new ArrayList<>(unseen.size());
        MongoTrackingToken token = (MongoTrackingToken) trackingToken;
        TokenWindows tokens = new TokenWindows(token, unseen.size(), lookBack); // handed out after the loop
        for (Recent recent : unseen) {
            token = tokens.advanceTo(Instant.ofEpochMilli(recent.millis()), recent.id());
            tracked.add(recent.event() instanceof DomainEventMessage<?> domain
                    ? new GenericTrackedDomainEventMessage<>(token, domain)
                    : new GenericTrackedEventMessage<>(token, recent.event()));
        }
        handedOut(token, unseen.get(unseen.size() - 1).position());
        return tracked.stream();
    }

    /**
     * The reader asks next with the token of the last event handed to it: that token has seen every event in
     * memory up to {@code upTo} (each was either handed over or seen by the token asked with, and advancing a token
     * only forgets ids its look-back then counts as seen), and it covers every floor made of those events. Without
     * this, its next ask would look again at the ten seconds of events before it, one id lookup each (a profile of
     * warm marks put 3 % of the server's CPU there, and it grows with the marks per second).
     */
    private synchronized void handedOut(MongoTrackingToken token, long upTo) {
        lastAsked = token;
        lastAskedUpTo = upTo;
        lastUnseen = List.of();
        coveringToken = token;
        coveringUpTo = upTo;
    }

    /** Whether {@code token} has seen everything the floor covers. Guarded by {@code this}. */
    private boolean coversTheFloor(TrackingToken token) {
        if (floor == null || (token != null && token == coveringToken && floorUpTo <= coveringUpTo)) {
            return true;
        }
        floorChecks++;
        if (token instanceof MongoTrackingToken seen && seen.covers(floor)) {
            coveringToken = token;
            coveringUpTo = floorUpTo;
            return true;
        }
        return false;
    }

    /** How many events memory has looked at to answer readers. */
    synchronized long eventsExamined() {
        return eventsExamined;
    }

    /** How often memory checked a token against its floor with Axon's {@code covers}. */
    synchronized long floorChecks() {
        return floorChecks;
    }

    /** The events in memory that a reader at {@code token} has not seen, oldest first; null if memory cannot tell. */
    private synchronized List<Recent> unseenFromMemory(TrackingToken token) {
        if (capacity == 0) {
            return null;
        }
        dropOld(); // polled all the time: the memory of a quiet server empties too
        if (!coversTheFloor(token)) {
            return null;
        }
        long oldest = oldestKept();
        long horizon = token instanceof MongoTrackingToken seen
                ? seen.getTimestamp().toEpochMilli() - lookBack.toMillis() - SKEW_MILLIS : Long.MIN_VALUE;
        List<Recent> unseen = new ArrayList<>();
        if (token != null && token == lastAsked) {
            // a token never holds an event appended after it was first asked about (tokens are immutable, and
            // one naming an event is made only once that event was read), so only the newer events are looked at
            for (Recent recent : lastUnseen) {
                if (recent.position() >= oldest) {
                    unseen.add(recent);
                }
            }
            for (long position = Math.max(lastAskedUpTo + 1, oldest); position <= newest; position++) {
                Recent recent = ring[(int) (position % capacity)];
                eventsExamined++;
                if (recent.millis() >= horizon && !hasSeen(token, recent)) {
                    unseen.add(recent);
                }
            }
        } else {
            for (long position = newest; position >= oldest; position--) {
                Recent recent = ring[(int) (position % capacity)];
                if (recent.millis() < horizon) {
                    break;
                }
                eventsExamined++;
                if (!hasSeen(token, recent)) {
                    unseen.add(recent);
                }
            }
            Collections.reverse(unseen);
        }
        lastAsked = token;
        lastAskedUpTo = newest;
        lastUnseen = unseen;
        return List.copyOf(unseen);
    }

    private MongoTrackingToken advance(MongoTrackingToken token, Recent event) {
        Instant at = Instant.ofEpochMilli(event.millis());
        if (token == null) {
            return MongoTrackingToken.of(at, event.id());
        }
        return token.getKnownEventIds().contains(event.id()) ? token : token.advanceTo(at, event.id(), lookBack);
    }
}
