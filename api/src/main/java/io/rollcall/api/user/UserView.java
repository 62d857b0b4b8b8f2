package io.rollcall.api.user;

/** A user as the queries answer it (never with a password or its hash). */
public record UserView(String userId, String name, String email, Role role) {
}
