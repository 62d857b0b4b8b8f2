package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;

/**
 * The embedded server's oplog, capped as a real mongod's is, and holding only the collection that other nodes
 * follow. mongo-java-server keeps every write in it for ever and answers each poll of a change stream by
 * scanning all of it: with other nodes following the events, every poll would cost more with each write ever
 * made, read models and positions included. Only writes of the {@code followed} collection (the event store's)
 * are logged, so a change stream on any other collection of this server stays silent; past {@code capacity}
 * entries the oldest are deleted (a tenth of the capacity at a time), so a poll costs at most a scan of
 * {@code capacity} entries. A stream that resumes from a position older than the oldest entry kept misses what
 * was dropped, as one on a mongod whose oplog window it outran (which fails instead).
 */
final class BoundedOplog implements Oplog {

    private static final String DATABASE = "local";
    private static final String COLLECTION = "oplog.rs";

    private final Oplog library;
    private final MongoCollection<Document> entries;
    private final String followed;
    private final int capacity;
    /** Guarded by {@code this}: entries written since the last trim. */
    private int sinceTrim;

    BoundedOplog(Oplog library, MongoCollection<Document> entries, String followed, int capacity) {
        this.library = library;
        this.entries = entries;
        this.followed = followed;
        this.capacity = capacity;
    }

    /**
     * Caps the oplog the backend created (the library's, writing to {@code local.oplog.rs}) and keeps in it only
     * the writes of {@code followed} ("database.collection").
     */
    @SuppressWarnings("unchecked")
    static Oplog capping(MongoBackend backend, Oplog library, String followed, int capacity) {
        var entries = (MongoCollection<Document>) backend.resolveDatabase(DATABASE).resolveCollection(COLLECTION, true);
        return new BoundedOplog(library, entries, followed, capacity);
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        if (followed.equals(namespace)) {
            library.handleInsert(namespace, documents);
            written(documents.size());
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        if (followed.equals(namespace)) {
            library.handleUpdate(namespace, selector, query, modifiedIds);
            written(modifiedIds.size());
        }
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        if (followed.equals(namespace)) {
            library.handleDelete(namespace, query, deletedIds);
            written(deletedIds.size());
        }
    }

    @Override
    public void handleDropCollection(String namespace) {
        if (followed.equals(namespace)) {
            library.handleDropCollection(namespace);
            written(1);
        }
    }

    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        return library.createCursor(changeStream, namespace, aggregation);
    }

    private synchronized void written(int count) {
        sinceTrim += count;
        if (sinceTrim < Math.max(1, capacity / 10)) {
            return;
        }
        sinceTrim = 0;
        trim();
    }

    /** Deletes the oldest entries beyond the capacity (one scan and sort of the entries' timestamps). */
    private void trim() {
        List<BsonTimestamp> times = entries.queryAllAsStream()
                .map(entry -> (BsonTimestamp) entry.get("ts"))
                .sorted()
                .toList();
        int excess = times.size() - capacity;
        if (excess <= 0) {
            return;
        }
        BsonTimestamp oldestKept = times.get(excess);
        entries.deleteDocuments(new Document("ts", new Document("$lt", oldestKept)), 0, NoopOplog.get());
    }
}
