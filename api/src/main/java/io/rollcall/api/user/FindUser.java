package io.rollcall.api.user;

/** Answers {@code Optional<UserView>}. */
public record FindUser(String userId) {
}
