package io.rollcall.api.session;

/** Answers a list of {@link ActiveSessionView}, newest first (at most one while the rules hold). */
public record FindActiveSessionsOfTeacher(String teacherId) {
}
