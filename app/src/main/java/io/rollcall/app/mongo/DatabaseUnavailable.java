package io.rollcall.app.mongo;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells whether a failure means "the database cannot be reached right now" (answered as 503
 * {@code Service unavailable}) rather than a bug. The driver's exception usually arrives wrapped, by Axon's
 * command and query buses, a CompletionException or Spring's data-access translation, so the whole cause chain
 * (and the suppressed exceptions of a retried read) is searched.
 */
public final class DatabaseUnavailable {

    /** What clients are told while the database is unreachable. */
    public static final String MESSAGE = "Service unavailable";

    private DatabaseUnavailable() {
    }

    public static boolean isCause(Throwable failure) {
        return search(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean search(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
                    || t instanceof MongoExecutionTimeoutException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (search(suppressed, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
