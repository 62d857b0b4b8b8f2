package io.rollcall.app.mongo;

import java.util.function.Supplier;

/**
 * The files, while the library's constructors run: {@code H2Backend} and {@code H2Database} open the existing
 * databases and collections from their constructors, before a subclass has set its fields, and our overrides
 * need the files then.
 */
final class OpeningStores {

    private static final ThreadLocal<EmbeddedStores> CURRENT = new ThreadLocal<>();

    private OpeningStores() {
    }

    /** Runs {@code constructor} with {@code stores} as {@link #current}; a backend opening its databases nests. */
    static <T> T during(EmbeddedStores stores, Supplier<T> constructor) {
        EmbeddedStores outer = CURRENT.get();
        CURRENT.set(stores);
        try {
            return constructor.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    static EmbeddedStores current() {
        return CURRENT.get();
    }
}
