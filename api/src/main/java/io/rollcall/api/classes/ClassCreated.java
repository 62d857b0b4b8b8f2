package io.rollcall.api.classes;

import java.time.Instant;

/** Event: a class was created by its teacher. */
public record ClassCreated(String classId, String className, String teacherId, Instant createdAt) {
}
