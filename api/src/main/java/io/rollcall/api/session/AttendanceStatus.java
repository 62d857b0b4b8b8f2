package io.rollcall.api.session;

import java.util.Locale;
import java.util.Optional;

/** A student's mark in a session. */
public enum AttendanceStatus {
    PRESENT, ABSENT;

    /** The wire form: "present" / "absent". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AttendanceStatus> fromWire(String value) {
        for (AttendanceStatus status : values()) {
            if (status.wireName().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
