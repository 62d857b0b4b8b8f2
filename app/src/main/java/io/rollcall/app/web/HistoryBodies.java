package io.rollcall.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.audit.AuditEntry;
import io.rollcall.api.history.AttendanceHistoryEntry;
import io.rollcall.api.history.SessionRecord;
import io.rollcall.api.history.StudentMark;
import io.rollcall.api.session.AttendanceStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Locale;

import static io.rollcall.app.web.Bodies.CLASS_ID;
import static io.rollcall.app.web.Bodies.ID;
import static io.rollcall.app.web.Bodies.SESSION_ID;
import static io.rollcall.app.web.Bodies.STUDENT_ID;
import static io.rollcall.app.web.Bodies.TEACHER_ID;

/**
 * The payloads of the routes Rollcall adds (history, audit, analytics), in wire order; their {@code @Schema}
 * annotations are the OpenAPI document's schemas and examples.
 */
final class HistoryBodies {

    private static final String UTC = " (UTC, exactly 3 fraction digits)";
    private static final String FINALIZED_AT = "2025-03-11T10:40:00.000Z";

    private HistoryBodies() {
    }

    record SessionSummary(
            @Schema(description = "The session id", pattern = ID, example = SESSION_ID) String sessionId,
            @Schema(allowableValues = {"active", "superseded", "finalized"}, example = "finalized") String state,
            @Schema(description = "When the session started" + UTC, pattern = Timestamps.PATTERN,
                    example = "2025-03-11T10:00:00.000Z") String startedAt,
            @Schema(description = "When it was superseded or finalized; null while active" + UTC,
                    pattern = Timestamps.PATTERN, nullable = true, example = FINALIZED_AT) String endedAt,
            @Schema(description = "The session that replaced it; null unless superseded", pattern = ID,
                    nullable = true) String supersededBy,
            @Schema(description = "Students marked present", minimum = "0", example = "1") int present,
            @Schema(description = "Students marked absent", minimum = "0", example = "1") int absent,
            @Schema(description = "present + absent", minimum = "0", example = "2") int total) {
        static SessionSummary of(SessionRecord session) {
            return new SessionSummary(session.sessionId(), session.state(), Timestamps.format(session.startedAt()),
                    session.endedAt() == null ? null : Timestamps.format(session.endedAt()), session.supersededBy(),
                    session.present(), session.absent(), session.total());
        }
    }

    /** A session's fields as in the list, then every student it recorded. */
    record SessionWithMarks(@JsonUnwrapped SessionSummary session, List<RecordedMark> students) {
    }

    record RecordedMark(@Schema(description = "The student's id", pattern = ID, example = STUDENT_ID)
                        @JsonProperty("_id") String id,
                        @Schema(example = "Sam Student") String name,
                        @Schema(allowableValues = {"present", "absent"}, example = "absent") String status) {
        static RecordedMark of(StudentMark mark) {
            return new RecordedMark(mark.studentId(), mark.name(), mark.status().wireName());
        }
    }

    record PastAttendance(
            @Schema(description = "The finalized session", pattern = ID, example = SESSION_ID) String sessionId,
            @Schema(description = "When the session was finalized (DONE)" + UTC, pattern = Timestamps.PATTERN,
                    example = FINALIZED_AT) String finalizedAt,
            @Schema(allowableValues = {"present", "absent"}, example = "present") String status) {
        static PastAttendance of(AttendanceHistoryEntry entry) {
            return new PastAttendance(entry.sessionId(), Timestamps.format(entry.finalizedAt()),
                    entry.status().wireName());
        }
    }

    record AuditTrailPage(List<AuditTrailEntry> entries,
                          @Schema(description = "Pass as `cursor` for the next page; null on the last page",
                                  nullable = true, example = "YTE6NA") String nextCursor) {
    }

    record AuditTrailEntry(
            @Schema(description = "The session the mark was made in", pattern = ID, example = SESSION_ID)
            String sessionId,
            @Schema(description = "The class id", pattern = ID, example = CLASS_ID) String classId,
            @Schema(description = "The student marked", pattern = ID, example = STUDENT_ID) String studentId,
            @Schema(allowableValues = {"present", "absent"}, example = "present") String status,
            @Schema(description = "The student's mark in this session before this one; null for the first",
                    allowableValues = {"present", "absent"}, nullable = true, example = "absent")
            String previousStatus,
            @Schema(description = "The teacher whose session it is", pattern = ID, example = TEACHER_ID)
            String markedBy,
            @Schema(description = "When the mark was made" + UTC, pattern = Timestamps.PATTERN,
                    example = "2025-03-11T10:05:12.345Z") String markedAt,
            @Schema(description = "A teacher's mark, or an automatic absence of DONE",
                    allowableValues = {"teacher-mark", "auto-absent-at-finalize"}, example = "teacher-mark")
            String how) {
        static AuditTrailEntry of(AuditEntry entry) {
            AttendanceStatus previous = entry.previousStatus();
            return new AuditTrailEntry(entry.sessionId(), entry.classId(), entry.studentId(),
                    entry.status().wireName(), previous == null ? null : previous.wireName(), entry.markedBy(),
                    Timestamps.format(entry.markedAt()),
                    entry.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    record Analytics(
            @Schema(description = "The class id as written in the path", pattern = "^[0-9a-fA-F]{24}$",
                    example = CLASS_ID) String classId,
            @Schema(description = "How many sessions of the class were finalized", minimum = "0", example = "2")
            int finalizedSessions,
            List<StudentRate> students,
            List<SessionRate> sessions) {
        static Analytics of(String classId, ClassAnalytics analytics) {
            return new Analytics(classId, analytics.finalizedSessions(),
                    analytics.students().stream().map(s -> new StudentRate(s.studentId(), s.recordedSessions(),
                            s.present(), s.rate(), s.currentAbsenceStreak())).toList(),
                    analytics.sessions().stream().map(s -> new SessionRate(s.sessionId(),
                            Timestamps.format(s.finalizedAt()), s.present(), s.total(), s.presentRatio())).toList());
        }
    }

    record StudentRate(
            @Schema(description = "The student's id", pattern = ID, example = STUDENT_ID) String studentId,
            @Schema(description = "Finalized sessions that recorded the student", minimum = "0", example = "2")
            int recordedSessions,
            @Schema(description = "Of those, the ones where the student was present", minimum = "0", example = "1")
            int present,
            @Schema(description = "present / recordedSessions", minimum = "0", maximum = "1", example = "0.5")
            double rate,
            @Schema(description = "Absences in a row up to the latest recorded session", minimum = "0",
                    example = "1") int currentAbsenceStreak) {
    }

    record SessionRate(
            @Schema(description = "The finalized session", pattern = ID, example = SESSION_ID) String sessionId,
            @Schema(description = "When the session was finalized (DONE)" + UTC, pattern = Timestamps.PATTERN,
                    example = FINALIZED_AT) String finalizedAt,
            @Schema(description = "Students present", minimum = "0", example = "1") int present,
            @Schema(description = "Students recorded", minimum = "0", example = "2") int total,
            @Schema(description = "present / total; 0 when the session recorded nobody", minimum = "0",
                    maximum = "1", example = "0.5") double presentRatio) {
    }
}
