package io.rollcall.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Command: the teacher ends the class's active session (DONE); unmarked students become absent. */
public record FinalizeSession(@TargetAggregateIdentifier String classId, String sessionId, String teacherId) {
}
