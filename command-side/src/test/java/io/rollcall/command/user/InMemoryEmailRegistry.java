package io.rollcall.command.user;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EmailRegistry} in memory, claiming case-insensitively like {@link MongoEmailRegistry}. */
final class InMemoryEmailRegistry implements EmailRegistry {

    private final Map<String, String> holders = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String email, String userId) {
        return holders.putIfAbsent(normalize(email), userId) == null;
    }

    @Override
    public Optional<String> holderOf(String email) {
        return Optional.ofNullable(holders.get(normalize(email)));
    }

    private static String normalize(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
