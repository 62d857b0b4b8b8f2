package io.rollcall.api.session;

import java.time.Instant;

/** An attendance session that is open now: what the live path looks up a teacher's or a class's session by. */
public record ActiveSessionView(String sessionId, String classId, String teacherId, Instant startedAt) {
}
