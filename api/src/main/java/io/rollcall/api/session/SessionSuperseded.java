package io.rollcall.api.session;

import java.time.Instant;

public record SessionSuperseded(String classId, String sessionId, String supersededBy, String teacherId,
                                Instant supersededAt) {
}
