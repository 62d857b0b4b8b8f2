package io.rollcall.command.classes;

import io.rollcall.api.session.AttendanceStatus;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A class as the live feed reads it: who is in its room, and its active session with each student's latest mark.
 * The collections are read-only views of the aggregate's state, valid while the class is locked (the live feed
 * reads them inside the unit of work that holds the class).
 */
public record LiveClass(String classId, String teacherId, Set<String> studentIds, String sessionId,
                        Map<String, AttendanceStatus> marks) {

    static LiveClass of(String classId, String teacherId, Set<String> studentIds, AttendanceSession session) {
        return new LiveClass(classId, teacherId, Collections.unmodifiableSet(studentIds),
                session == null ? null : session.sessionId(),
                session == null ? Map.of() : session.marksView());
    }

    public boolean isActive(String session) {
        return session != null && session.equals(sessionId);
    }

    public boolean isEnrolled(String studentId) {
        return studentIds.contains(studentId);
    }

    public int count(AttendanceStatus status) {
        int count = 0;
        for (AttendanceStatus mark : marks.values()) {
            if (mark == status) {
                count++;
            }
        }
        return count;
    }
}
