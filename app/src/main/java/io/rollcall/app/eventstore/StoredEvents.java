package io.rollcall.app.eventstore;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import java.time.Instant;
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
        return Optional.ofNullable(newest).map(doc -> doc.get("timestamp")).map(value ->
                value instanceof Date date ? date.toInstant() : Instant.parse(value.toString()));
    }
}
