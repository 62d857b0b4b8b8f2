package io.rollcall.api.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Attendance figures of a class over its finalized sessions. A student's rate counts only the sessions that
 * recorded them (they were enrolled); the current absence streak is the run of absences ending at their most
 * recent recorded session.
 */
public record ClassAnalytics(String classId, int finalizedSessions, List<StudentFigures> students,
                             List<SessionFigures> sessions) {

    public record StudentFigures(String studentId, int recordedSessions, int present, double rate,
                                 int currentAbsenceStreak) {
    }

    public record SessionFigures(String sessionId, Instant finalizedAt, int present, int total, double presentRatio) {
    }
}
