package io.rollcall.api.session;

import java.time.Instant;

/** Event: an active session was closed because its teacher started another one (not finalized, no absences added). */
public record SessionSuperseded(String classId, String sessionId, String supersededBy, String teacherId,
                                Instant supersededAt) {
}
