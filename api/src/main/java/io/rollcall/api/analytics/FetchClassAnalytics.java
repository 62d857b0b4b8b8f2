package io.rollcall.api.analytics;

/** Answers the {@link ClassAnalytics}; with {@code below} not null, only students whose rate is below it. */
public record FetchClassAnalytics(String classId, Double below) {
}
