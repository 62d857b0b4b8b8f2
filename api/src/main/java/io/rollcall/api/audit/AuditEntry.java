package io.rollcall.api.audit;

import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;

import java.time.Instant;

/** One mark as the audit trail shows it: what, before, who, when and how. */
public record AuditEntry(String entryId, String classId, String sessionId, String studentId, AttendanceStatus status,
                         AttendanceStatus previousStatus, String markedBy, Instant markedAt, MarkOrigin origin) {
}
