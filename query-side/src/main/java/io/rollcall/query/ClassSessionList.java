package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * A per-class list of sessions with one date each, {@code {_id: classId, sessions: {<sessionId>: date}}}, so a
 * class's sessions are found by one key lookup instead of a scan of every session. Each projection that needs
 * one keeps its own (in its own collection). Written by {@code $set} of one key with upsert: re-applying an
 * event rewrites the same value, and nothing is read back.
 */
final class ClassSessionList {

    private static final Comparator<Entry> OLDEST_FIRST =
            Comparator.comparing(Entry::at).thenComparing(Entry::sessionId);

    private ClassSessionList() {
    }

    /** One session of the class and its date. */
    record Entry(ObjectId sessionId, Date at) {
    }

    /** The write that lists {@code sessionId} under its class with the date {@code at}. */
    static UpdateOneModel<Document> put(String classId, String sessionId, Instant at) {
        return new UpdateOneModel<>(Filters.eq("_id", new ObjectId(classId)),
                Updates.set("sessions." + new ObjectId(sessionId).toHexString(), Date.from(at)),
                new UpdateOptions().upsert(true));
    }

    /** The class's sessions, oldest first (ties by id); empty for an unknown or malformed class id. */
    static List<Entry> read(MongoCollection<Document> lists, String classId) {
        Optional<ObjectId> id = ObjectIds.parse(classId);
        Document doc = id.map(key -> lists.find(Filters.eq("_id", key)).first()).orElse(null);
        Document sessions = doc == null ? null : doc.get("sessions", Document.class);
        if (sessions == null) {
            return List.of();
        }
        return sessions.entrySet().stream()
                .map(e -> new Entry(new ObjectId(e.getKey()), (Date) e.getValue()))
                .sorted(OLDEST_FIRST)
                .toList();
    }
}
