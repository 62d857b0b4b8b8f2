package io.rollcall.command.user;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CredentialStore} in memory. */
final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    @Override
    public void store(String userId, String passwordHash) {
        hashes.put(userId, passwordHash);
    }

    @Override
    public Optional<String> hashOf(String userId) {
        return Optional.ofNullable(hashes.get(userId));
    }
}
