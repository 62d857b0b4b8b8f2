package io.rollcall.app.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * One document per event, as the extension stores it, but keyed: its {@code _id} is its aggregate and sequence
 * number ({@link #keyOf}), and an aggregate's events are read by naming those keys ({@code _id $in [n, n +
 * WINDOW)}) instead of by range. The embedded server uses an index only when a query names exactly the keys of a
 * unique index, with {@code $in} only on a single-key one: a range, or {@code $in} on the compound (aggregate,
 * sequence number) index, or any {@code $and} (which is how the driver renders {@code Filters.and}) scans the
 * whole event collection, so loading one class would cost as much as the whole history. {@code _id $in} is
 * served by the {@code _id} index there and on MongoDB.
 *
 * <p>An aggregate's snapshot is keyed by the aggregate: storing one replaces the last, and a load reads it by
 * {@code _id} (the extension inserts each snapshot, deletes the older ones by a range and finds the newest by a
 * sort, all scans there).
 *
 * <p>Events and snapshots stored before the keys existed have generated ids. In a store that holds such events
 * ({@code unkeyedEvents}), a window whose keys do not answer from its first number is read again by the fields, a
 * scan on the embedded server, until the aggregate has a snapshot newer than them; while such snapshots exist
 * ({@code unkeyedSnapshots}), snapshots are found and cleared by their fields, as before.
 */
public class KeyedLookupStorageStrategy extends DocumentPerEventStorageStrategy {

    /** Sequence numbers named per query; an aggregate's numbers have no gaps, so a short answer is the end. */
    static final int WINDOW = 256;

    private final boolean unkeyedEvents;
    private final boolean unkeyedSnapshots;

    public KeyedLookupStorageStrategy(Duration lookBackTime, boolean unkeyedEvents, boolean unkeyedSnapshots) {
        super(EventEntryConfiguration.getDefault(), lookBackTime);
        this.unkeyedEvents = unkeyedEvents;
        this.unkeyedSnapshots = unkeyedSnapshots;
    }

    /** The {@code _id} of an event's document: unique as the (aggregate, sequence number) pair is. */
    static String keyOf(Object aggregateIdentifier, Object sequenceNumber) {
        return aggregateIdentifier + "/" + sequenceNumber;
    }

    /**
     * Whether the collection holds events (or snapshots) stored before they were keyed: a generated
     * {@code ObjectId} as id.
     */
    public static boolean holdsUnkeyed(MongoCollection<Document> collection) {
        return collection.find(Filters.type("_id", "objectId")).limit(1).first() != null;
    }

    @Override
    public void appendSnapshot(MongoCollection<Document> snapshots, DomainEventMessage<?> snapshot,
                               Serializer serializer) {
        Document keyed = new Document("_id", snapshot.getAggregateIdentifier());
        keyed.putAll(createSnapshotDocument(snapshot, serializer));
        snapshots.replaceOne(Filters.eq("_id", snapshot.getAggregateIdentifier()), keyed,
                new ReplaceOptions().upsert(true));
    }

    /** The keyed snapshot was replaced, not added; only snapshots stored before the keys are left to clear. */
    @Override
    public void deleteSnapshots(MongoCollection<Document> snapshots, String aggregateIdentifier, long sequenceNumber) {
        if (unkeyedSnapshots) {
            super.deleteSnapshots(snapshots, aggregateIdentifier, sequenceNumber);
        }
    }

    @Override
    public Stream<? extends DomainEventData<?>> findSnapshots(MongoCollection<Document> snapshots,
                                                             String aggregateIdentifier) {
        if (unkeyedSnapshots) {
            return super.findSnapshots(snapshots, aggregateIdentifier); // newest first, the keyed one included
        }
        Document keyed = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
        return keyed == null ? Stream.empty() : Stream.of(extractSnapshot(keyed));
    }

    @Override
    protected Stream<Document> createEventDocuments(List<? extends EventMessage<?>> events, Serializer serializer) {
        return super.createEventDocuments(events, serializer).map(document -> {
            Document keyed = new Document("_id", keyOf(document.get(eventConfiguration().aggregateIdentifierProperty()),
                    document.get(eventConfiguration().sequenceNumberProperty())));
            keyed.putAll(document);
            return keyed;
        });
    }

    @Override
    public List<? extends DomainEventData<?>> findDomainEvents(MongoCollection<Document> collection,
                                                               String aggregateIdentifier, long firstSequenceNumber,
                                                               int batchSize) {
        List<DomainEventData<?>> events = new ArrayList<>();
        long next = firstSequenceNumber;
        while (events.size() < batchSize) {
            List<DomainEventData<?>> found = read(collection, keyed(aggregateIdentifier, next));
            if (unkeyedEvents && (found.isEmpty() || found.get(0).getSequenceNumber() != next)) {
                found = read(collection, byFields(aggregateIdentifier, next));
            }
            events.addAll(found);
            if (found.size() < WINDOW) {
                break;
            }
            next += WINDOW;
        }
        return events;
    }

    private List<DomainEventData<?>> read(MongoCollection<Document> collection, Bson filter) {
        List<DomainEventData<?>> found = new ArrayList<>();
        collection.find(filter).sort(Sorts.ascending(eventConfiguration().sequenceNumberProperty()))
                .forEach(document -> extractEvents(document).forEach(found::add));
        return found;
    }

    private static Bson keyed(String aggregateIdentifier, long first) {
        return Filters.in("_id", window(first).stream().map(n -> keyOf(aggregateIdentifier, n)).toList());
    }

    /** The window by its fields, as events stored before the keys are found (a scan on the embedded server). */
    private Bson byFields(String aggregateIdentifier, long first) {
        return Filters.and(Filters.eq(eventConfiguration().aggregateIdentifierProperty(), aggregateIdentifier),
                Filters.in(eventConfiguration().sequenceNumberProperty(), window(first)));
    }

    /** The sequence numbers of the window starting at {@code first}. */
    private static List<Long> window(long first) {
        return LongStream.range(first, first + WINDOW).boxed().toList();
    }

    /** The events of one stored document (as a change stream hands it over). */
    public Stream<? extends DomainEventData<?>> eventsIn(Document stored) {
        return extractEvents(stored);
    }
}
