package io.rollcall.api.classes;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enrols a student; idempotent: enrolling an enrolled student changes nothing. */
public record EnrolStudent(@TargetAggregateIdentifier String classId, String studentId, String teacherId) {
}
