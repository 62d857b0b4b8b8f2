package io.rollcall.app.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * One document per event, as the extension stores it, but an aggregate's events are read by naming their
 * sequence numbers ({@code aggregateIdentifier = id, sequenceNumber $in [n, n + WINDOW)}) instead of by range.
 * Both are served by the unique (aggregateIdentifier, sequenceNumber) index on MongoDB; the embedded server only
 * uses a unique index for an exact match of all its keys, so a range there scans the whole event collection, and
 * loading one class after a restart would cost as much as the whole history.
 */
public class KeyedLookupStorageStrategy extends DocumentPerEventStorageStrategy {

    /** Sequence numbers named per query; an aggregate's numbers have no gaps, so a short answer is the end. */
    static final int WINDOW = 256;

    public KeyedLookupStorageStrategy(Duration lookBackTime) {
        super(EventEntryConfiguration.getDefault(), lookBackTime);
    }

    @Override
    public List<? extends DomainEventData<?>> findDomainEvents(MongoCollection<Document> collection,
                                                               String aggregateIdentifier, long firstSequenceNumber,
                                                               int batchSize) {
        List<DomainEventData<?>> events = new ArrayList<>();
        long next = firstSequenceNumber;
        while (events.size() < batchSize) {
            List<Long> window = LongStream.range(next, next + WINDOW).boxed().toList();
            int before = events.size();
            collection.find(Filters.and(
                            Filters.eq(eventConfiguration().aggregateIdentifierProperty(), aggregateIdentifier),
                            Filters.in(eventConfiguration().sequenceNumberProperty(), window)))
                    .sort(Sorts.ascending(eventConfiguration().sequenceNumberProperty()))
                    .forEach(document -> extractEvents(document).forEach(events::add));
            if (events.size() - before < WINDOW) {
                break;
            }
            next += WINDOW;
        }
        return events;
    }

    /** The events of one stored document (as a change stream hands it over). */
    public Stream<? extends DomainEventData<?>> eventsIn(Document stored) {
        return extractEvents(stored);
    }
}
