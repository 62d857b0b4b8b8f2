package io.rollcall.api.history;

import io.rollcall.api.session.AttendanceStatus;

/** A student's status in one session, with the name to show. */
public record StudentMark(String studentId, String name, AttendanceStatus status) {
}
