package io.rollcall.app.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.bson.Document;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the event store's head was when the service last stopped cleanly. Finding the head otherwise means
 * reading the newest events, which on the embedded server is a scan of the whole event collection, at every start.
 * It is taken (read and removed) at start, so after a crash there is none and the head is read from the events.
 */
public final class CleanShutdownHead {

    private static final String COLLECTION = "event_head";
    private static final String ID = "clean-shutdown";

    private final MongoCollection<Document> heads;

    public CleanShutdownHead(MongoDatabase database) {
        this.heads = database.getCollection(COLLECTION);
    }

    /** The head left by a clean shutdown, removed so that only the next start can use it. */
    public Optional<MongoTrackingToken> take() {
        Document head = heads.findOneAndDelete(Filters.eq("_id", ID));
        if (head == null) {
            return Optional.empty();
        }
        Map<String, Long> tracked = new LinkedHashMap<>();
        head.get("trackedEvents", Document.class).forEach((id, millis) -> tracked.put(id, ((Number) millis).longValue()));
        return Optional.of(MongoTrackingToken.of(Instant.ofEpochMilli(head.getLong("timestamp")), tracked));
    }

    public void leave(MongoTrackingToken head) {
        Document tracked = new Document();
        head.getTrackedEvents().forEach(tracked::append);
        heads.replaceOne(Filters.eq("_id", ID), new Document("_id", ID)
                .append("timestamp", head.getTimestamp().toEpochMilli())
                .append("trackedEvents", tracked), new ReplaceOptions().upsert(true));
    }
}
