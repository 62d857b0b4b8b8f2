package io.rollcall.query;

import com.mongodb.client.MongoDatabase;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays one class's history into every projection, as the application's events would reach them: each event
 * to the projections that handle it, with the class aggregate's sequence number as the audit's position.
 * Each event happens one minute after the previous one.
 */
final class ClassHistory {

    final ReadSide views;
    final String classId = id();
    final String teacherId = id();
    final List<String> students = new ArrayList<>();
    /** Ids of the finalized sessions, in the order they were finalized. */
    final List<String> finalized = new ArrayList<>();
    private final Map<String, AttendanceStatus> marks = new LinkedHashMap<>();
    private String activeSession;
    private long position;
    private Instant now;

    ClassHistory(ReadSide views, Instant from) {
        this.views = views;
        this.now = from;
        views.users.on(new UserRegistered(teacherId, "Teacher " + teacherId, teacherId + "@t.example", Role.TEACHER,
                tick()));
        views.classes.on(new ClassCreated(classId, "Class " + classId, teacherId, tick()));
        position++;
    }

    /** Registers and enrols a student; returns their id. */
    String enrol(String name) {
        String studentId = id();
        views.users.on(new UserRegistered(studentId, name, name.toLowerCase() + studentId + "@s.example",
                Role.STUDENT, tick()));
        views.classes.on(new StudentEnrolled(classId, studentId, teacherId, tick()));
        position++;
        students.add(studentId);
        return studentId;
    }

    /** Starts a session, superseding the active one if any; returns its id. */
    String start() {
        String sessionId = id();
        Instant at = tick();
        if (activeSession != null) {
            views.sessions.on(new SessionSuperseded(classId, activeSession, sessionId, teacherId, at));
            position++;
        }
        views.sessions.on(new SessionStarted(classId, sessionId, teacherId, at));
        position++;
        activeSession = sessionId;
        marks.clear();
        return sessionId;
    }

    void mark(String studentId, AttendanceStatus status) {
        mark(studentId, status, MarkOrigin.TEACHER_MARK);
    }

    /** Finalizes the active session: every unmarked student is marked absent first. Returns its id. */
    String finalizeSession() {
        students.stream().filter(s -> !marks.containsKey(s)).toList()
                .forEach(s -> mark(s, AttendanceStatus.ABSENT, MarkOrigin.AUTO_ABSENT_AT_FINALIZE));
        int present = (int) marks.values().stream().filter(AttendanceStatus.PRESENT::equals).count();
        SessionFinalized event = new SessionFinalized(classId, activeSession, teacherId, tick(),
                new LinkedHashMap<>(marks), present, marks.size() - present);
        views.classes.on(event);
        views.sessions.on(event);
        views.attendance.on(event);
        views.analytics.on(event);
        position++;
        finalized.add(activeSession);
        activeSession = null;
        return finalized.get(finalized.size() - 1);
    }

    private void mark(String studentId, AttendanceStatus status, MarkOrigin origin) {
        AttendanceMarked event = new AttendanceMarked(classId, activeSession, studentId, status, marks.get(studentId),
                teacherId, tick(), origin);
        views.sessions.on(event);
        views.audit.on(event, UUID.randomUUID().toString(), position++);
        marks.put(studentId, status);
    }

    private Instant tick() {
        now = now.plusSeconds(60);
        return now;
    }

    private static String id() {
        return new ObjectId().toHexString();
    }

    /** Every projection and the history queries over one database. */
    static final class ReadSide {

        final UserProjection users;
        final ClassProjection classes;
        final LiveSessionProjection sessions;
        final AttendanceProjection attendance;
        final AuditTrailProjection audit;
        final AnalyticsProjection analytics;
        final SessionHistoryQueries history;

        ReadSide(MongoDatabase database) {
            users = new UserProjection(database, new ProjectionWriter());
            classes = new ClassProjection(database, new ProjectionWriter());
            sessions = new LiveSessionProjection(database, new ProjectionWriter());
            attendance = new AttendanceProjection(database, classes, new ProjectionWriter());
            audit = new AuditTrailProjection(database, new ProjectionWriter());
            analytics = new AnalyticsProjection(database, new ProjectionWriter());
            history = new SessionHistoryQueries(database);
        }
    }
}
