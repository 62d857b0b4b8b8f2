package io.rollcall.api.user;

public record UserView(String userId, String name, String email, Role role) {
}
