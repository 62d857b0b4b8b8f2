package io.rollcall.api.history;

/** Answers every {@link SessionRecord} of the class, newest first. */
public record FindClassSessions(String classId) {
}
