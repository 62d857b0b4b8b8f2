package io.rollcall.api.classes;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Command: a teacher creates a class, becoming its teacher. */
public record CreateClass(@TargetAggregateIdentifier String classId, String className, String teacherId) {
}
