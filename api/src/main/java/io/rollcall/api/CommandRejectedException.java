package io.rollcall.api;

/** Thrown by a command handler when a rule refuses the command; nothing was applied. */
public class CommandRejectedException extends RuntimeException {

    private final Rejection rejection;

    public CommandRejectedException(Rejection rejection) {
        super(rejection.name(), null, false, false); // a business outcome: no stack trace needed
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** The rejection behind a failure, however the command bus wrapped it. */
    public static java.util.Optional<Rejection> findIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandRejectedException rejected) {
                return java.util.Optional.of(rejected.rejection);
            }
        }
        return java.util.Optional.empty();
    }
}
