package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.history.AttendanceHistoryEntry;
import io.rollcall.api.history.AttendanceSheet;
import io.rollcall.api.history.FetchAttendanceSheet;
import io.rollcall.api.history.FindAttendanceHistory;
import io.rollcall.api.history.FindClassSessions;
import io.rollcall.api.history.FindSessionDetail;
import io.rollcall.api.history.SessionDetail;
import io.rollcall.api.history.SessionRecord;
import io.rollcall.api.history.StudentMark;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attendance history, answered from the views the live path already keeps ({@code sessions} with every
 * session's marks and state, {@code attendance} with the final records, {@code users} for names): history
 * needs no projection of its own.
 */
@Component
public class SessionHistoryQueries {

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> attendance;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> classes;

    public SessionHistoryQueries(MongoDatabase database) {
        this.classes = database.getCollection(ReadCollections.CLASSES);
        this.sessions = database.getCollection(ReadCollections.SESSIONS);
        this.attendance = database.getCollection(ReadCollections.ATTENDANCE);
        this.users = database.getCollection(ReadCollections.USERS);
    }

    @QueryHandler
    public List<SessionRecord> handle(FindClassSessions query) {
        return ObjectIds.parse(query.classId())
                .map(classId -> sessions.find(Filters.eq("classId", classId))
                        .sort(Sorts.descending("startedAt", "_id")) // ids of one process grow: ties in a millisecond keep order
                        .map(SessionHistoryQueries::toRecord)
                        .into(new ArrayList<>()))
                .orElseGet(ArrayList::new);
    }

    @QueryHandler
    public Optional<SessionDetail> handle(FindSessionDetail query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Optional<ObjectId> sessionId = ObjectIds.parse(query.sessionId());
        if (classId.isEmpty() || sessionId.isEmpty()) {
            return Optional.empty();
        }
        Document doc = sessions.find(Filters.and(Filters.eq("_id", sessionId.get()),
                Filters.eq("classId", classId.get()))).first();
        if (doc == null) {
            return Optional.empty();
        }
        Document marks = marksOf(doc);
        Map<String, String> names = namesOf(marks.keySet());
        List<StudentMark> students = marks.entrySet().stream()
                .map(e -> new StudentMark(e.getKey(), names.get(e.getKey()),
                        AttendanceStatus.fromWire((String) e.getValue()).orElseThrow()))
                .sorted(Comparator.comparing((StudentMark m) -> m.name() == null ? "" : m.name())
                        .thenComparing(StudentMark::studentId))
                .toList();
        return Optional.of(new SessionDetail(toRecord(doc), students));
    }

    @QueryHandler
    public List<AttendanceHistoryEntry> handle(FindAttendanceHistory query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Optional<ObjectId> studentId = ObjectIds.parse(query.studentId());
        if (classId.isEmpty() || studentId.isEmpty()) {
            return List.of();
        }
        return attendance.find(Filters.and(Filters.eq("classId", classId.get()),
                        Filters.eq("studentId", studentId.get())))
                .sort(Sorts.descending("date", "sessionId"))
                .map(doc -> new AttendanceHistoryEntry(doc.getObjectId("sessionId").toHexString(),
                        doc.getDate("date").toInstant(),
                        AttendanceStatus.fromWire(doc.getString("status")).orElseThrow()))
                .into(new ArrayList<>());
    }

    @QueryHandler
    public AttendanceSheet handle(FetchAttendanceSheet query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Document schoolClass = classId.map(id -> classes.find(Filters.eq("_id", id)).first()).orElse(null);
        if (schoolClass == null) {
            return new AttendanceSheet(List.of(), List.of());
        }
        List<AttendanceSheet.Column> columns = sessions.find(Filters.and(Filters.eq("classId", classId.get()),
                        Filters.eq("state", LiveSessionProjection.FINALIZED)))
                .sort(Sorts.ascending("endedAt", "_id"))
                .map(doc -> new AttendanceSheet.Column(doc.getObjectId("_id").toHexString(),
                        doc.getDate("endedAt").toInstant()))
                .into(new ArrayList<>());
        Map<String, Map<String, AttendanceStatus>> byStudent = new HashMap<>(); // student -> session -> status
        attendance.find(Filters.eq("classId", classId.get())).forEach(doc -> byStudent
                .computeIfAbsent(doc.getObjectId("studentId").toHexString(), k -> new HashMap<>())
                .put(doc.getObjectId("sessionId").toHexString(),
                        AttendanceStatus.fromWire(doc.getString("status")).orElseThrow()));
        List<ObjectId> studentIds = schoolClass.getList("studentIds", ObjectId.class, List.of());
        Map<String, Document> users = new HashMap<>();
        this.users.find(Filters.in("_id", studentIds)).forEach(u -> users.put(u.getObjectId("_id").toHexString(), u));
        List<AttendanceSheet.Row> rows = studentIds.stream().map(ObjectId::toHexString).map(id -> {
            Document user = users.get(id);
            Map<String, AttendanceStatus> statuses = byStudent.getOrDefault(id, Map.of());
            return new AttendanceSheet.Row(id, user == null ? null : user.getString("name"),
                    user == null ? null : user.getString("email"),
                    columns.stream().map(c -> statuses.get(c.sessionId())).toList());
        }).toList();
        return new AttendanceSheet(columns, rows);
    }

    private Map<String, String> namesOf(Iterable<String> studentIds) {
        List<ObjectId> ids = new ArrayList<>();
        studentIds.forEach(id -> ObjectIds.parse(id).ifPresent(ids::add));
        Map<String, String> names = new HashMap<>();
        users.find(Filters.in("_id", ids)).forEach(doc -> {
            UserView user = UserProjection.toView(doc);
            names.put(user.userId(), user.name());
        });
        return names;
    }

    private static Document marksOf(Document session) {
        Document marks = session.get("marks", Document.class);
        return marks == null ? new Document() : marks;
    }

    private static SessionRecord toRecord(Document doc) {
        Document marks = marksOf(doc);
        int present = LiveSessionProjection.presentIn(marks);
        Date ended = doc.getDate("endedAt");
        ObjectId supersededBy = doc.getObjectId("supersededBy");
        return new SessionRecord(doc.getObjectId("_id").toHexString(), doc.getString("state"),
                doc.getDate("startedAt").toInstant(), ended == null ? null : ended.toInstant(),
                supersededBy == null ? null : supersededBy.toHexString(), present, marks.size() - present);
    }
}
