package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.audit.AuditCursor;
import io.rollcall.api.audit.AuditEntry;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code audit} view: one document per mark (teacher marks, corrections, marks in sessions later
 * superseded, and the automatic absences of DONE), keyed by the event's identifier so a re-delivered event
 * rewrites its own entry. Read newest first, in pages cut by an {@link AuditCursor}.
 */
@Component
@ProcessingGroup("audit")
@WritesCollections(ReadCollections.AUDIT)
public class AuditTrailProjection {

    private final MongoCollection<Document> audit;
    private final ProjectionWriter writes;

    public AuditTrailProjection(MongoDatabase database, ProjectionWriter writes) {
        this.writes = writes;
        this.audit = database.getCollection(ReadCollections.AUDIT);
    }

    @EventHandler
    void on(AttendanceMarked event, @MessageIdentifier String eventId, @SequenceNumber Long position) {
        ObjectId id = ObjectIds.derived("audit", eventId);
        Document entry = new Document("_id", id)
                .append("position", position)
                .append("classId", new ObjectId(event.classId()))
                .append("sessionId", new ObjectId(event.sessionId()))
                .append("studentId", new ObjectId(event.studentId()))
                .append("status", event.status().wireName())
                .append("previousStatus", event.previousStatus() == null ? null : event.previousStatus().wireName())
                .append("markedBy", new ObjectId(event.markedBy()))
                .append("markedAt", Date.from(event.markedAt()))
                .append("origin", event.origin().name());
        writes.write(audit, new ReplaceOneModel<>(Filters.eq("_id", id), entry, new ReplaceOptions().upsert(true)));
    }

    @ResetHandler
    void reset() {
        audit.deleteMany(new Document());
    }

    @QueryHandler
    public AuditPage handle(FetchAuditTrail query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        if (classId.isEmpty()) {
            return new AuditPage(List.of(), null);
        }
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("classId", classId.get()));
        if (query.studentId() != null) {
            filters.add(Filters.eq("studentId", ObjectIds.parse(query.studentId()).orElse(null)));
        }
        if (query.sessionId() != null) {
            filters.add(Filters.eq("sessionId", ObjectIds.parse(query.sessionId()).orElse(null)));
        }
        if (query.cursor() != null) {
            AuditCursor after = AuditCursor.decode(query.cursor()).orElseThrow(
                    () -> new IllegalArgumentException("not an audit cursor")); // the edge validated it
            filters.add(Filters.lt("position", after.position()));
        }
        List<Document> docs = audit.find(Filters.and(filters))
                .sort(Sorts.descending("position"))
                .limit(query.limit() + 1)
                .into(new ArrayList<>());
        boolean more = docs.size() > query.limit();
        List<Document> page = more ? docs.subList(0, query.limit()) : docs;
        Document last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? new AuditCursor(last.getLong("position")).encode() : null;
        return new AuditPage(page.stream().map(AuditTrailProjection::toEntry).toList(), next);
    }

    private static AuditEntry toEntry(Document doc) {
        String previous = doc.getString("previousStatus");
        return new AuditEntry(doc.getObjectId("_id").toHexString(), doc.getObjectId("classId").toHexString(),
                doc.getObjectId("sessionId").toHexString(), doc.getObjectId("studentId").toHexString(),
                AttendanceStatus.fromWire(doc.getString("status")).orElseThrow(),
                previous == null ? null : AttendanceStatus.fromWire(previous).orElseThrow(),
                doc.getObjectId("markedBy").toHexString(), doc.getDate("markedAt").toInstant(),
                MarkOrigin.valueOf(doc.getString("origin")));
    }
}
