package io.rollcall.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkAttendance(@TargetAggregateIdentifier String classId, String sessionId, String studentId,
                             AttendanceStatus status, String teacherId) {
}
