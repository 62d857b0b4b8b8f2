package io.rollcall.api.classes;

import java.time.Instant;

/** Event: the class's teacher enrolled a student. */
public record StudentEnrolled(String classId, String studentId, String enrolledBy, Instant enrolledAt) {
}
