package io.rollcall.api.classes;

import java.time.Instant;

public record ClassCreated(String classId, String className, String teacherId, Instant createdAt) {
}
