package io.rollcall.api.history;

/** Answers the class's {@link AttendanceSheet}. */
public record FetchAttendanceSheet(String classId) {
}
