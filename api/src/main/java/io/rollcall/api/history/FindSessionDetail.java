package io.rollcall.api.history;

/** Answers {@code Optional<SessionDetail>}: empty if the session is not one of the class's. */
public record FindSessionDetail(String classId, String sessionId) {
}
