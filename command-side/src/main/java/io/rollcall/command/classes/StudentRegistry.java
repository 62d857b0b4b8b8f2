package io.rollcall.command.classes;

/** Command-side lookup: does this id name a registered student? (The app answers it from the users view.) */
@FunctionalInterface
public interface StudentRegistry {
    boolean isStudent(String userId);
}
