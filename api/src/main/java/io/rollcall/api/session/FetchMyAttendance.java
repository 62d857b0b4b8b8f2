package io.rollcall.api.session;

/** Answers {@code Optional<AttendanceStatus>}: the student's status in the class's latest finalized session. */
public record FetchMyAttendance(String classId, String studentId) {
}
