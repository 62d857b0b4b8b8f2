package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The {@code sessions} view: one document per session with its state and the latest mark of each student.
 * Marks are stored as a map and counted on demand, so re-applying an event can never double-count. Each
 * class's sessions are also listed in {@code class_sessions} ({@link ClassSessionList}), so the class's history
 * finds them by key instead of scanning every session. (The live path never reads this view: which sessions are
 * open is {@link ActiveSessionIndex}, the marks are the loaded class's own.)
 */
@Component
@ProcessingGroup("sessions")
@WritesCollections(value = {ReadCollections.SESSIONS, ReadCollections.CLASS_SESSIONS}, version = 2)
public class LiveSessionProjection {

    static final String ACTIVE = "active";
    static final String SUPERSEDED = "superseded";
    static final String FINALIZED = "finalized";

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> byClass;
    private final ProjectionWriter writes;

    public LiveSessionProjection(MongoDatabase database, ProjectionWriter writes) {
        this.writes = writes;
        this.sessions = database.getCollection(ReadCollections.SESSIONS);
        this.byClass = database.getCollection(ReadCollections.CLASS_SESSIONS);
    }

    @EventHandler
    void on(SessionStarted event) {
        Document doc = new Document("_id", new ObjectId(event.sessionId()))
                .append("classId", new ObjectId(event.classId()))
                .append("teacherId", new ObjectId(event.teacherId()))
                .append("startedAt", Date.from(event.startedAt()))
                .append("state", ACTIVE)
                .append("marks", new Document());
        writes.write(sessions, new ReplaceOneModel<>(byId(event.sessionId()), doc, new ReplaceOptions().upsert(true)));
        writes.write(byClass, ClassSessionList.put(event.classId(), event.sessionId(), event.startedAt()));
    }

    @EventHandler
    void on(AttendanceMarked event) {
        writes.write(sessions, new UpdateOneModel<>(byId(event.sessionId()),
                Updates.set("marks." + event.studentId(), event.status().wireName())));
    }

    @EventHandler
    void on(SessionSuperseded event) {
        writes.write(sessions, new UpdateOneModel<>(byId(event.sessionId()), Updates.combine(
                Updates.set("state", SUPERSEDED),
                Updates.set("supersededBy", new ObjectId(event.supersededBy())),
                Updates.set("endedAt", Date.from(event.supersededAt())))));
    }

    @EventHandler
    void on(SessionFinalized event) {
        writes.write(sessions, new UpdateOneModel<>(byId(event.sessionId()), Updates.combine(
                Updates.set("state", FINALIZED),
                Updates.set("endedAt", Date.from(event.finalizedAt())))));
    }

    @ResetHandler
    void reset() {
        sessions.deleteMany(new Document());
        byClass.deleteMany(new Document());
    }

    /** The sessions this view shows open: where the in-memory index starts from after a restart. */
    public List<ActiveSessionView> storedActiveSessions() {
        List<ActiveSessionView> open = new ArrayList<>();
        sessions.find(Filters.eq("state", ACTIVE)).forEach(doc -> open.add(new ActiveSessionView(
                doc.getObjectId("_id").toHexString(), doc.getObjectId("classId").toHexString(),
                doc.getObjectId("teacherId").toHexString(), doc.getDate("startedAt").toInstant())));
        return open;
    }

    /** How many of a session's marks (student id → wire status) are "present"; the rest are "absent". */
    static int presentIn(Map<String, Object> marks) {
        return (int) marks.values().stream().filter(AttendanceStatus.PRESENT.wireName()::equals).count();
    }

    /** Session ids come from the server, but a query may still carry anything: it then matches nothing. */
    private static Bson byId(String sessionId) {
        return Filters.eq("_id", ObjectIds.parse(sessionId).orElse(null));
    }
}
