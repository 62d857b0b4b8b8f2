package io.rollcall.app.security;

import io.rollcall.api.user.Role;

/** Who is calling, as established from a valid token whose user still exists. */
public record Caller(String userId, Role role) {

    public boolean isTeacher() {
        return role == Role.TEACHER;
    }

    public boolean isStudent() {
        return role == Role.STUDENT;
    }
}
