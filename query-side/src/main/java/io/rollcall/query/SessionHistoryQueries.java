package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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
 * needs no projection of its own. Every read is a key lookup: a class's sessions are listed in
 * {@code class_sessions} and its finalized ones in {@code class_finalized_sessions}, and an attendance record's
 * id follows from its session and student, so no read scans more than the class's own documents.
 */
@Component
public class SessionHistoryQueries {

    private static final Comparator<Document> NEWEST_STARTED_FIRST = Comparator
            .comparing((Document d) -> d.getDate("startedAt"))
            .thenComparing(d -> d.getObjectId("_id")) // ids of one process grow: ties in a millisecond keep order
            .reversed();
    private static final Comparator<Document> NEWEST_RECORD_FIRST = Comparator
            .comparing((Document d) -> d.getDate("date"))
            .thenComparing(d -> d.getObjectId("sessionId"))
            .reversed();

    private final MongoCollection<Document> sessions;
    private final MongoCollection<Document> sessionsByClass;
    private final MongoCollection<Document> attendance;
    private final MongoCollection<Document> finalizedByClass;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> classes;

    public SessionHistoryQueries(MongoDatabase database) {
        this.classes = database.getCollection(ReadCollections.CLASSES);
        this.sessions = database.getCollection(ReadCollections.SESSIONS);
        this.sessionsByClass = database.getCollection(ReadCollections.CLASS_SESSIONS);
        this.attendance = database.getCollection(ReadCollections.ATTENDANCE);
        this.finalizedByClass = database.getCollection(ReadCollections.CLASS_FINALIZED_SESSIONS);
        this.users = database.getCollection(ReadCollections.USERS);
    }

    @QueryHandler
    public List<SessionRecord> handle(FindClassSessions query) {
        List<ObjectId> ids = ClassSessionList.read(sessionsByClass, query.classId()).stream()
                .map(ClassSessionList.Entry::sessionId).toList();
        return IdLookups.byIds(sessions, ids).stream()
                .sorted(NEWEST_STARTED_FIRST)
                .map(SessionHistoryQueries::toRecord)
                .toList();
    }

    @QueryHandler
    public Optional<SessionDetail> handle(FindSessionDetail query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Optional<ObjectId> sessionId = ObjectIds.parse(query.sessionId());
        if (classId.isEmpty() || sessionId.isEmpty()) {
            return Optional.empty();
        }
        // by key alone, then checked: a filter on the class as well would not be a pure key lookup
        Document doc = sessions.find(Filters.eq("_id", sessionId.get())).first();
        if (doc == null || !classId.get().equals(doc.getObjectId("classId"))) {
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
        Optional<ObjectId> studentId = ObjectIds.parse(query.studentId());
        if (studentId.isEmpty()) {
            return List.of();
        }
        List<ClassSessionList.Entry> finalized = ClassSessionList.read(finalizedByClass, query.classId());
        return records(finalized, List.of(studentId.get())).stream()
                .sorted(NEWEST_RECORD_FIRST)
                .map(doc -> new AttendanceHistoryEntry(doc.getObjectId("sessionId").toHexString(),
                        doc.getDate("date").toInstant(),
                        AttendanceStatus.fromWire(doc.getString("status")).orElseThrow()))
                .toList();
    }

    @QueryHandler
    public AttendanceSheet handle(FetchAttendanceSheet query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Document schoolClass = classId.map(id -> classes.find(Filters.eq("_id", id)).first()).orElse(null);
        if (schoolClass == null) {
            return new AttendanceSheet(List.of(), List.of());
        }
        List<ClassSessionList.Entry> finalized = ClassSessionList.read(finalizedByClass, query.classId());
        List<AttendanceSheet.Column> columns = finalized.stream()
                .map(e -> new AttendanceSheet.Column(e.sessionId().toHexString(), e.at().toInstant()))
                .toList();
        List<ObjectId> studentIds = schoolClass.getList("studentIds", ObjectId.class, List.of());
        Map<String, Map<String, AttendanceStatus>> byStudent = new HashMap<>(); // student -> session -> status
        records(finalized, studentIds).forEach(doc -> byStudent
                .computeIfAbsent(doc.getObjectId("studentId").toHexString(), k -> new HashMap<>())
                .put(doc.getObjectId("sessionId").toHexString(),
                        AttendanceStatus.fromWire(doc.getString("status")).orElseThrow()));
        Map<String, Document> users = new HashMap<>();
        IdLookups.byIds(this.users, studentIds).forEach(u -> users.put(u.getObjectId("_id").toHexString(), u));
        List<AttendanceSheet.Row> rows = studentIds.stream().map(ObjectId::toHexString).map(id -> {
            Document user = users.get(id);
            Map<String, AttendanceStatus> statuses = byStudent.getOrDefault(id, Map.of());
            return new AttendanceSheet.Row(id, user == null ? null : user.getString("name"),
                    user == null ? null : user.getString("email"),
                    columns.stream().map(c -> statuses.get(c.sessionId())).toList());
        }).toList();
        return new AttendanceSheet(columns, rows);
    }

    /** These students' attendance records in these sessions, named by id (none before a student's enrolment). */
    private List<Document> records(List<ClassSessionList.Entry> finalized, List<ObjectId> studentIds) {
        List<ObjectId> ids = new ArrayList<>();
        for (ClassSessionList.Entry session : finalized) {
            for (ObjectId student : studentIds) {
                ids.add(AttendanceProjection.recordId(session.sessionId().toHexString(), student.toHexString()));
            }
        }
        return IdLookups.byIds(attendance, ids);
    }

    private Map<String, String> namesOf(Iterable<String> studentIds) {
        List<ObjectId> ids = new ArrayList<>();
        studentIds.forEach(id -> ObjectIds.parse(id).ifPresent(ids::add));
        Map<String, String> names = new HashMap<>();
        IdLookups.byIds(users, ids).forEach(doc -> {
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
