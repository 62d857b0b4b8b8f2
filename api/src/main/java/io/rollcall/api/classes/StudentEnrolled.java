package io.rollcall.api.classes;

import java.time.Instant;

public record StudentEnrolled(String classId, String studentId, String enrolledBy, Instant enrolledAt) {
}
