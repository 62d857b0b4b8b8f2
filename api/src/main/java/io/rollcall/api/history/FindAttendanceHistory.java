package io.rollcall.api.history;

/** Answers the student's {@link AttendanceHistoryEntry}s in the class, newest first. */
public record FindAttendanceHistory(String classId, String studentId) {
}
