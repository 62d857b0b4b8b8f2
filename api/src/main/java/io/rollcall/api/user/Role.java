package io.rollcall.api.user;

import java.util.Locale;
import java.util.Optional;

/** A user's role, fixed at sign-up: a teacher runs classes, a student is enrolled in them. */
public enum Role {
    TEACHER, STUDENT;

    /** The wire form: "teacher" / "student". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
