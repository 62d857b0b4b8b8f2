package io.rollcall.api.classes;

/**
 * Answers {@code List<ClassView>}: the classes a user teaches or is enrolled in, the most recently joined first.
 */
public record FindClassesOf(String userId) {
}
