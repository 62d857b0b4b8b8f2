package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.api.session.AttendanceMarked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail: one {@code audit} document per mark (teacher marks, corrections, marks in sessions later
 * superseded, and the automatic absences of DONE), keyed by its class and its position in the class's history
 * (the event's sequence number in the class aggregate), so a re-delivered event rewrites its own entry and a
 * reader can name entries by key; the entry keeps the event's id to trace it back. Beside it, written with
 * idempotent updates only: {@code audit_heads}, the newest position per class ({@code $max}), and
 * {@code audit_positions}, the positions of each student's and each session's entries in a class ({@code $set}
 * of one key). Nothing is read back. Read newest first by {@link AuditPages}.
 */
@Component
@ProcessingGroup("audit")
@WritesCollections(value = {ReadCollections.AUDIT, ReadCollections.AUDIT_HEADS, ReadCollections.AUDIT_POSITIONS}, version = 3)
public class AuditTrailProjection {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /** Positions per listing document. */
    static final int BUCKET = 256;

    private final MongoCollection<Document> audit;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> positions;
    private final ProjectionWriter writes;
    private final AuditPages pages;

    public AuditTrailProjection(MongoDatabase database, ProjectionWriter writes) {
        this.writes = writes;
        this.audit = database.getCollection(ReadCollections.AUDIT);
        this.heads = database.getCollection(ReadCollections.AUDIT_HEADS);
        this.positions = database.getCollection(ReadCollections.AUDIT_POSITIONS);
        this.pages = new AuditPages(audit, heads, positions);
    }

    @EventHandler
    void on(AttendanceMarked event, @MessageIdentifier String eventId, @SequenceNumber Long position) {
        Objects.requireNonNull(position, "an attendance mark is an event of its class aggregate");
        ObjectId classId = new ObjectId(event.classId());
        ObjectId sessionId = new ObjectId(event.sessionId());
        ObjectId studentId = new ObjectId(event.studentId());
        ObjectId id = entryId(classId, position);
        Document entry = new Document("_id", id)
                .append("eventId", eventId)
                .append("position", position)
                .append("classId", classId)
                .append("sessionId", sessionId)
                .append("studentId", studentId)
                .append("status", event.status().wireName())
                .append("previousStatus", event.previousStatus() == null ? null : event.previousStatus().wireName())
                .append("markedBy", new ObjectId(event.markedBy()))
                .append("markedAt", Date.from(event.markedAt()))
                .append("origin", event.origin().name());
        // the entry before the lists that name it (a reader skips a listed position whose entry is not there yet)
        writes.write(audit, new ReplaceOneModel<>(Filters.eq("_id", id), entry, new ReplaceOptions().upsert(true)));
        writes.write(heads, new UpdateOneModel<>(Filters.eq("_id", classId), Updates.max("position", position),
                UPSERT));
        long bucket = bucketOf(position);
        writes.writeAll(positions, List.of(
                listed(studentStream(classId, studentId, bucket), classId, "studentId", studentId, position),
                listed(sessionStream(classId, sessionId, bucket), classId, "sessionId", sessionId, position)));
    }

    @ResetHandler
    void reset() {
        audit.deleteMany(new Document());
        heads.deleteMany(new Document());
        positions.deleteMany(new Document());
    }

    @QueryHandler
    public AuditPage handle(FetchAuditTrail query) {
        return pages.read(query);
    }

    private static UpdateOneModel<Document> listed(ObjectId stream, ObjectId classId, String field, ObjectId value,
                                                   long position) {
        return new UpdateOneModel<>(Filters.eq("_id", stream), Updates.combine(
                Updates.set("classId", classId),
                Updates.set(field, value),
                Updates.set("positions." + position, true)), UPSERT);
    }

    /**
     * The key of the class's entry at {@code position}: readers compute it from the class and the position. A class's
     * entries sort by position, so each mark's entry goes in beside the one before it (version 3; hashed keys, in
     * version 2, sent every mark to a random page of the largest view).
     */
    static ObjectId entryId(ObjectId classId, long position) {
        return ObjectIds.inSeries(position, "audit", classId.toHexString());
    }

    /**
     * Positions are listed in buckets of {@value #BUCKET}, so adding one rewrites a document of bounded size (on
     * the embedded server an update copies and serializes the whole document), however long a session runs.
     */
    static long bucketOf(long position) {
        return position / BUCKET;
    }

    /** The key of the list of one student's positions in the class, in one bucket. */
    static ObjectId studentStream(ObjectId classId, ObjectId studentId, long bucket) {
        return ObjectIds.inSeries(bucket, "audit", classId.toHexString(), "student", studentId.toHexString());
    }

    /** The key of the list of one session's positions in the class, in one bucket. */
    static ObjectId sessionStream(ObjectId classId, ObjectId sessionId, long bucket) {
        return ObjectIds.inSeries(bucket, "audit", classId.toHexString(), "session", sessionId.toHexString());
    }
}
