package io.rollcall.api.session;

/**
 * Answers {@code Optional<ActiveSessionView>}: the most recently started active session of a class the student
 * is enrolled in, or of the named class if classId is not null.
 */
public record FindActiveSessionForStudent(String studentId, String classId) {
}
