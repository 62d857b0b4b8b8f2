package io.rollcall.api.session;

import java.time.Instant;

public record SessionStarted(String classId, String sessionId, String teacherId, Instant startedAt) {
}
