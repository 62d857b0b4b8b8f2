package io.rollcall.app.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
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
public class PacedStreamReads extends DelegatingStorageEngine {

    private final long intervalNanos;
    /** Only the event store's one reader thread reads the stream. */
    private long lastRead;

    public PacedStreamReads(EventStorageEngine storage, Duration interval) {
        super(storage);
        this.intervalNanos = interval.toNanos();
        this.lastRead = System.nanoTime() - intervalNanos; // the first read does not wait
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
}
