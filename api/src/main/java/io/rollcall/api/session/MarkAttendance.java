package io.rollcall.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Command: the teacher marks a student of the class present or absent in its active session. */
public record MarkAttendance(@TargetAggregateIdentifier String classId, String sessionId, String studentId,
                             AttendanceStatus status, String teacherId) {
}
