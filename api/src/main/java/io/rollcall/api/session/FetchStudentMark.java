package io.rollcall.api.session;

/** Answers {@code Optional<AttendanceStatus>}: the student's mark in the session, empty if not yet marked. */
public record FetchStudentMark(String sessionId, String studentId) {
}
