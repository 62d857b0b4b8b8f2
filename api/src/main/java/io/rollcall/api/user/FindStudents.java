package io.rollcall.api.user;

/** Answers every user whose role is student, as a list of {@link UserView}. */
public record FindStudents() {
}
