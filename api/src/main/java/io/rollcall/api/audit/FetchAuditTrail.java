package io.rollcall.api.audit;

/**
 * Answers an {@link AuditPage}: the marks of a class, newest first, optionally only one student's or one
 * session's; {@code cursor} is the opaque {@link AuditPage#nextCursor()} of the previous page, or null.
 */
public record FetchAuditTrail(String classId, String studentId, String sessionId, int limit, String cursor) {

    public FetchAuditTrail {
        if (limit < 1) {
            throw new IllegalArgumentException("A page holds at least one entry, not " + limit);
        }
    }
}
