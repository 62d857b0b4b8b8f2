package io.rollcall.app.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The event store, its stream of events by position read at most once per {@code interval}. When nodes share the
 * database, each node's event store reads the event collection again after every append it hears of (its own and
 * the other nodes'), back to back under load; each node that runs projections does so, and on the embedded server
 * each read scans the whole collection. Measured with two nodes on one machine: splitting the projections between
 * them halved the marks per second until the reads were paced. A pause of this length only delays the
 * projections (the live feed follows the change stream).
 */
public class PacedStreamReads implements EventStorageEngine {

    private final EventStorageEngine storage;
    private final long intervalNanos;
    /** Only the event store's one reader thread reads the stream. */
    private long lastRead = System.nanoTime() - Long.MAX_VALUE / 2;

    public PacedStreamReads(EventStorageEngine storage, Duration interval) {
        this.storage = storage;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        long wait = lastRead + intervalNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait); // returns at once when the reader is interrupted (shutdown)
        }
        lastRead = System.nanoTime();
        return storage.readEvents(trackingToken, mayBlock);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        storage.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        storage.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return storage.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return storage.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return storage.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }
}
