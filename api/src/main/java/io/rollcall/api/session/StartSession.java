package io.rollcall.api.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens an attendance session; supersedes the teacher's previous active session, wherever it is. */
public record StartSession(@TargetAggregateIdentifier String classId, String sessionId, String teacherId) {
}
