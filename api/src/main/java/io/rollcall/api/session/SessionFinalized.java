package io.rollcall.api.session;

import java.time.Instant;
import java.util.Map;

/**
 * The session closed and its attendance is final: every enrolled student's status (unmarked ones were
 * marked absent by the AttendanceMarked events just before this one).
 */
public record SessionFinalized(String classId, String sessionId, String finalizedBy, Instant finalizedAt,
                               Map<String, AttendanceStatus> finalStatuses, int present, int absent) {

    public int total() {
        return present + absent;
    }
}
