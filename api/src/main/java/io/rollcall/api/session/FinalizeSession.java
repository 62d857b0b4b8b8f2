package io.rollcall.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FinalizeSession(@TargetAggregateIdentifier String classId, String sessionId, String teacherId) {
}
