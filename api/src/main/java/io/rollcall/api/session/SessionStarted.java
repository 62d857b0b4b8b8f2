package io.rollcall.api.session;

import java.time.Instant;

/** Event: a teacher opened an attendance session for the class. */
public record SessionStarted(String classId, String sessionId, String teacherId, Instant startedAt) {
}
