package io.rollcall.api.classes;

/** Answers {@code Optional<ClassRoster>}: the class with its enrolled students' names and emails. */
public record FindClassRoster(String classId) {
}
