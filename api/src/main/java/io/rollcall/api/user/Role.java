package io.rollcall.api.user;

import java.util.Locale;
import java.util.Optional;

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
