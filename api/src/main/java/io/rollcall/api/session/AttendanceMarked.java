package io.rollcall.api.session;

import java.time.Instant;

/**
 * One mark, as the audit trail needs it: what it was before (null if unmarked), who, when and how.
 */
public record AttendanceMarked(String classId, String sessionId, String studentId, AttendanceStatus status,
                               AttendanceStatus previousStatus, String markedBy, Instant markedAt,
                               MarkOrigin origin) {
}
