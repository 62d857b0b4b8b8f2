package io.rollcall.command.classes;

import io.rollcall.api.session.AttendanceStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The class's active attendance session inside the {@link SchoolClass} aggregate: only what the rules need
 * (which session, and each student's latest mark). Past sessions live in the event history, not here.
 */
public class AttendanceSession {

    private String sessionId;
    private Instant startedAt;
    private Map<String, AttendanceStatus> marks = new LinkedHashMap<>();

    AttendanceSession() {
        // for snapshot deserialization
    }

    AttendanceSession(String sessionId, Instant startedAt) {
        this.sessionId = sessionId;
        this.startedAt = startedAt;
    }

    String sessionId() {
        return sessionId;
    }

    boolean is(String id) {
        return sessionId.equals(id);
    }

    AttendanceStatus statusOf(String studentId) {
        return marks.get(studentId);
    }

    void record(String studentId, AttendanceStatus status) {
        marks.put(studentId, status);
    }

    Map<String, AttendanceStatus> marks() {
        return Map.copyOf(marks);
    }

    /** The marks as they change, read-only: for readers that hold the class's lock. */
    Map<String, AttendanceStatus> marksView() {
        return Collections.unmodifiableMap(marks);
    }

    long count(AttendanceStatus status) {
        return marks.values().stream().filter(status::equals).count();
    }
}
