package io.rollcall.api.classes;

/** Answers {@code Optional<ClassView>}. */
public record FindClass(String classId) {
}
