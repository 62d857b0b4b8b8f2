package io.rollcall.api.user;

import java.time.Instant;

/** A user joined. Deliberately without password or hash: events live forever, credentials must not. */
public record UserRegistered(String userId, String name, String email, Role role, Instant registeredAt) {
}
