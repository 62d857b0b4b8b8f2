package io.rollcall.command.user;

import java.util.Optional;

/**
 * Where password hashes live: outside the event store, so a credential can be changed or erased without
 * rewriting history, and a copy of the events never carries one.
 */
public interface CredentialStore {

    void store(String userId, String passwordHash);

    Optional<String> hashOf(String userId);
}
