package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.rollcall.api.classes.FindClass;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchSessionSummary;
import io.rollcall.api.session.FetchStudentMark;
import io.rollcall.api.session.FindActiveSessionForStudent;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSummary;
import io.rollcall.api.session.SessionSuperseded;
import jakarta.annotation.PostConstruct;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code sessions} view: one document per session with its state and the latest mark of each student.
 * Marks are stored as a map and counted on demand, so re-applying an event can never double-count. Each
 * class's sessions are also listed in {@code class_sessions} ({@link ClassSessionList}), so the class's history
 * finds them by key instead of scanning every session.
 *
 * <p>Which sessions are active is also kept in memory, derived from the documents at start-up: the live
 * path asks it on every WebSocket event, and the collection is never scanned for it.
 */
@Component
@ProcessingGroup("sessions")
@WritesCollections({ReadCollections.SESSIONS, ReadCollections.CLASS_SESSIONS})
public class LiveSessionProjection implements ReloadableProjection {

    static final String ACTIVE = "active";
    static final String SUPERSEDED = "superseded";
    static final String FINALIZED = "finalized";

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> byClass;
    private final ClassProjection classes;
    private final Map<String, ActiveSessionView> active = new ConcurrentHashMap<>();
    private final ProjectionWriter writes;

    public LiveSessionProjection(MongoDatabase database, ClassProjection classes, ProjectionWriter writes) {
        this.writes = writes;
        this.sessions = database.getCollection(ReadCollections.SESSIONS);
        this.byClass = database.getCollection(ReadCollections.CLASS_SESSIONS);
        this.classes = classes;
    }

    /** How many sessions are open right now (read by the {@code rollcall_sessions_active} gauge). */
    public int activeSessionCount() {
        return active.size();
    }

    @PostConstruct
    void loadActiveSessions() {
        Map<String, ActiveSessionView> loaded = new HashMap<>();
        sessions.find(Filters.eq("state", ACTIVE)).forEach(doc -> {
            ActiveSessionView view = new ActiveSessionView(doc.getObjectId("_id").toHexString(),
                    doc.getObjectId("classId").toHexString(), doc.getObjectId("teacherId").toHexString(),
                    doc.getDate("startedAt").toInstant());
            loaded.put(view.sessionId(), view);
        });
        // replaced entry by entry, never emptied in between: live lookups may be running
        active.keySet().retainAll(loaded.keySet());
        active.putAll(loaded);
    }

    @Override
    public void reload() {
        loadActiveSessions();
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
        active.put(event.sessionId(), new ActiveSessionView(event.sessionId(), event.classId(), event.teacherId(),
                event.startedAt()));
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
        active.remove(event.sessionId());
    }

    @EventHandler
    void on(SessionFinalized event) {
        writes.write(sessions, new UpdateOneModel<>(byId(event.sessionId()), Updates.combine(
                Updates.set("state", FINALIZED),
                Updates.set("endedAt", Date.from(event.finalizedAt())))));
        active.remove(event.sessionId());
    }

    @ResetHandler
    void reset() {
        sessions.deleteMany(new Document());
        byClass.deleteMany(new Document());
        active.clear();
    }

    @QueryHandler
    public List<ActiveSessionView> handle(FindActiveSessionsOfTeacher query) {
        return active.values().stream()
                .filter(s -> s.teacherId().equals(query.teacherId()))
                .sorted(Comparator.comparing(ActiveSessionView::startedAt).reversed())
                .toList();
    }

    @QueryHandler
    public Optional<ActiveSessionView> handle(FindActiveSessionForStudent query) {
        return active.values().stream()
                .filter(s -> query.classId() == null || s.classId().equals(query.classId()))
                .sorted(Comparator.comparing(ActiveSessionView::startedAt).reversed())
                .filter(s -> classes.handle(new FindClass(s.classId()))
                        .map(c -> c.isEnrolled(query.studentId())).orElse(false))
                .findFirst();
    }

    @QueryHandler
    public SessionSummary handle(FetchSessionSummary query) {
        Map<String, Object> marks = marksOf(query.sessionId());
        int present = presentIn(marks);
        return new SessionSummary(present, marks.size() - present);
    }

    @QueryHandler
    public Optional<AttendanceStatus> handle(FetchStudentMark query) {
        Document doc = sessions.find(byId(query.sessionId()))
                .projection(Projections.include("marks." + query.studentId())).first();
        if (doc == null) {
            return Optional.empty();
        }
        Document marks = doc.get("marks", Document.class);
        return marks == null ? Optional.empty()
                : Optional.ofNullable(marks.getString(query.studentId())).flatMap(AttendanceStatus::fromWire);
    }

    /** How many of a session's marks (student id → wire status) are "present"; the rest are "absent". */
    static int presentIn(Map<String, Object> marks) {
        return (int) marks.values().stream().filter(AttendanceStatus.PRESENT.wireName()::equals).count();
    }

    /** Session ids come from the server, but a query may still carry anything: it then matches nothing. */
    private static Bson byId(String sessionId) {
        return Filters.eq("_id", ObjectIds.parse(sessionId).orElse(null));
    }

    private Map<String, Object> marksOf(String sessionId) {
        Document doc = sessions.find(byId(sessionId)).projection(Projections.include("marks")).first();
        Document marks = doc == null ? null : doc.get("marks", Document.class);
        return marks == null ? Map.of() : marks;
    }

}
