package io.rollcall.api.history;

import io.rollcall.api.session.AttendanceStatus;

import java.time.Instant;
import java.util.List;

/**
 * A class's finalized attendance as a grid: one column per finalized session (oldest first), one row per
 * enrolled student; a cell is null where the session did not record the student (enrolled later).
 */
public record AttendanceSheet(List<Column> sessions, List<Row> students) {

    public record Column(String sessionId, Instant finalizedAt) {
    }

    public record Row(String studentId, String name, String email, List<AttendanceStatus> statuses) {

        /** present / sessions that recorded the student; null if none did. */
        public Double rate() {
            long recorded = statuses.stream().filter(s -> s != null).count();
            long present = statuses.stream().filter(AttendanceStatus.PRESENT::equals).count();
            return recorded == 0 ? null : (double) present / recorded;
        }
    }
}
