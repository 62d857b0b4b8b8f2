package io.rollcall.api.session;

/** Answers the {@link SessionSummary} of the marks made so far in a session. */
public record FetchSessionSummary(String sessionId) {
}
