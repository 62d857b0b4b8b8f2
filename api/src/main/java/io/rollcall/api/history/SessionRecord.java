package io.rollcall.api.history;

import java.time.Instant;

/**
 * One session of a class as its history shows it. {@code state} is "active", "superseded" or "finalized";
 * {@code endedAt} is null while active; counts are of the marks made (for a finalized session: everyone).
 */
public record SessionRecord(String sessionId, String state, Instant startedAt, Instant endedAt, String supersededBy,
                            int present, int absent) {

    public int total() {
        return present + absent;
    }
}
