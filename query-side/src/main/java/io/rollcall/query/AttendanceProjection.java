package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchMyAttendance;
import io.rollcall.api.session.SessionFinalized;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code attendance} view: one record per student of each finalized session,
 * {_id, classId, studentId, sessionId, status, date}. Ids are derived from (session, student), so a
 * re-delivered event rewrites the same records. Each class's finalized sessions are listed in
 * {@code class_finalized_sessions} ({@link ClassSessionList}), from which the records of a class or of one of
 * its students are named by id: the history reads look them up by key, never by scanning.
 */
@Component
@ProcessingGroup("attendance")
@WritesCollections(value = {ReadCollections.ATTENDANCE, ReadCollections.CLASS_FINALIZED_SESSIONS}, version = 2)
public class AttendanceProjection {

    private final MongoCollection<Document> attendance;
    private final MongoCollection<Document> finalizedByClass;
    private final ClassProjection classes;
    private final ProjectionWriter writes;

    public AttendanceProjection(MongoDatabase database, ClassProjection classes, ProjectionWriter writes) {
        this.writes = writes;
        this.attendance = database.getCollection(ReadCollections.ATTENDANCE);
        this.finalizedByClass = database.getCollection(ReadCollections.CLASS_FINALIZED_SESSIONS);
        this.classes = classes;
    }

    @EventHandler
    void on(SessionFinalized event) {
        List<ReplaceOneModel<Document>> records = event.finalStatuses().entrySet().stream()
                .map(entry -> {
                    ObjectId id = recordId(event.sessionId(), entry.getKey());
                    Document record = new Document("_id", id)
                            .append("classId", new ObjectId(event.classId()))
                            .append("studentId", new ObjectId(entry.getKey()))
                            .append("sessionId", new ObjectId(event.sessionId()))
                            .append("status", entry.getValue().wireName())
                            .append("date", Date.from(event.finalizedAt()));
                    return new ReplaceOneModel<>(Filters.eq("_id", id), record, new ReplaceOptions().upsert(true));
                })
                .toList();
        writes.writeAll(attendance, records);
        writes.write(finalizedByClass,
                ClassSessionList.put(event.classId(), event.sessionId(), event.finalizedAt()));
    }

    @ResetHandler
    void reset() {
        attendance.deleteMany(new Document());
        finalizedByClass.deleteMany(new Document());
    }

    @QueryHandler
    public Optional<AttendanceStatus> handle(FetchMyAttendance query) {
        return classes.find(query.classId())
                .map(doc -> doc.getObjectId("lastFinalizedSessionId"))
                .map(ObjectId::toHexString)
                .map(sessionId -> attendance.find(Filters.eq("_id", recordId(sessionId, query.studentId()))).first())
                .map(record -> record.getString("status"))
                .flatMap(AttendanceStatus::fromWire);
    }

    static ObjectId recordId(String sessionId, String studentId) {
        return ObjectIds.derived(sessionId, studentId);
    }
}
