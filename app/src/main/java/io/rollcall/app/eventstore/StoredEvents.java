package io.rollcall.app.eventstore;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Date;
import java.util.Optional;

/** Facts about the event collection itself that the storage engine does not offer. */
public final class StoredEvents {

    /** The collection of the Mongo storage engine's one-document-per-event strategy. */
    public static final String COLLECTION = "domainevents";

    private StoredEvents() {
    }

    /**
     * When the newest stored event was written. (The storage engine's head token is "now", not the newest event.)
     * The documents keep the time as a fixed-width ISO-8601 string, which sorts chronologically.
     */
    public static Optional<Instant> newestTimestamp(MongoDatabase database) {
        Document newest = database.getCollection(COLLECTION).find()
                .sort(Sorts.descending("timestamp")).projection(Projections.include("timestamp")).first();
        return Optional.ofNullable(newest).map(StoredEvents::writtenAt);
    }

    private static Instant writtenAt(Document event) {
        Object value = event.get("timestamp");
        return value instanceof Date date ? date.toInstant() : Instant.parse(value.toString());
    }

    /** The newest stored event: its identifier and when it was written. */
    public record Newest(String eventId, Instant timestamp) {
    }

    /**
     * The newest stored events: every event written within {@code window} of the newest one (at most 256). Events
     * of one millisecond, or of nodes whose clocks differ a little, have no order among them; a reader that has
     * seen all of these has seen everything stored before.
     */
    public static List<Newest> newest(MongoDatabase database, Duration window) {
        List<Newest> newest = new ArrayList<>();
        for (Document doc : database.getCollection(COLLECTION).find()
                .sort(Sorts.descending("timestamp"))
                .projection(Projections.include("timestamp", "eventIdentifier")).limit(256)) {
            Instant written = writtenAt(doc);
            if (!newest.isEmpty() && written.isBefore(newest.get(0).timestamp().minus(window))) {
                break;
            }
            newest.add(new Newest(doc.getString("eventIdentifier"), written));
        }
        return newest;
    }
}
