package io.rollcall.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.audit.AuditEntry;
import io.rollcall.api.history.AttendanceHistoryEntry;
import io.rollcall.api.history.SessionRecord;
import io.rollcall.api.history.StudentMark;
import io.rollcall.api.session.AttendanceStatus;

import java.util.List;
import java.util.Locale;

/**
 * The payloads of the routes Rollcall adds (history, audit, analytics), in wire order: records rather than maps,
 * so each answer's shape is a type.
 */
final class HistoryBodies {

    private HistoryBodies() {
    }

    record SessionSummary(String sessionId, String state, String startedAt, String endedAt, String supersededBy,
                          int present, int absent, int total) {
        static SessionSummary of(SessionRecord session) {
            return new SessionSummary(session.sessionId(), session.state(), Timestamps.format(session.startedAt()),
                    session.endedAt() == null ? null : Timestamps.format(session.endedAt()), session.supersededBy(),
                    session.present(), session.absent(), session.total());
        }
    }

    /** A session's fields as in the list, then every student it recorded. */
    record SessionWithMarks(@JsonUnwrapped SessionSummary session, List<RecordedMark> students) {
    }

    record RecordedMark(@JsonProperty("_id") String id, String name, String status) {
        static RecordedMark of(StudentMark mark) {
            return new RecordedMark(mark.studentId(), mark.name(), mark.status().wireName());
        }
    }

    record PastAttendance(String sessionId, String finalizedAt, String status) {
        static PastAttendance of(AttendanceHistoryEntry entry) {
            return new PastAttendance(entry.sessionId(), Timestamps.format(entry.finalizedAt()),
                    entry.status().wireName());
        }
    }

    record AuditTrailPage(List<AuditTrailEntry> entries, String nextCursor) {
    }

    record AuditTrailEntry(String sessionId, String classId, String studentId, String status, String previousStatus,
                           String markedBy, String markedAt, String how) {
        static AuditTrailEntry of(AuditEntry entry) {
            AttendanceStatus previous = entry.previousStatus();
            return new AuditTrailEntry(entry.sessionId(), entry.classId(), entry.studentId(),
                    entry.status().wireName(), previous == null ? null : previous.wireName(), entry.markedBy(),
                    Timestamps.format(entry.markedAt()),
                    entry.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    record Analytics(String classId, int finalizedSessions, List<StudentRate> students, List<SessionRate> sessions) {
        static Analytics of(String classId, ClassAnalytics analytics) {
            return new Analytics(classId, analytics.finalizedSessions(),
                    analytics.students().stream().map(s -> new StudentRate(s.studentId(), s.recordedSessions(),
                            s.present(), s.rate(), s.currentAbsenceStreak())).toList(),
                    analytics.sessions().stream().map(s -> new SessionRate(s.sessionId(),
                            Timestamps.format(s.finalizedAt()), s.present(), s.total(), s.presentRatio())).toList());
        }
    }

    record StudentRate(String studentId, int recordedSessions, int present, double rate, int currentAbsenceStreak) {
    }

    record SessionRate(String sessionId, String finalizedAt, int present, int total, double presentRatio) {
    }
}
