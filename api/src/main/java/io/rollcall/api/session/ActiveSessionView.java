package io.rollcall.api.session;

import java.time.Instant;

public record ActiveSessionView(String sessionId, String classId, String teacherId, Instant startedAt) {
}
