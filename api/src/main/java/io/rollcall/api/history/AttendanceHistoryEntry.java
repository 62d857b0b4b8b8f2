package io.rollcall.api.history;

import io.rollcall.api.session.AttendanceStatus;

import java.time.Instant;

/** A student's final status in one finalized session. */
public record AttendanceHistoryEntry(String sessionId, Instant finalizedAt, AttendanceStatus status) {
}
