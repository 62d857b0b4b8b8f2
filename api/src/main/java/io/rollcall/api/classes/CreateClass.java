package io.rollcall.api.classes;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateClass(@TargetAggregateIdentifier String classId, String className, String teacherId) {
}
