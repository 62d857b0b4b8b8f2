package io.rollcall.command.user;

/**
 * Set-based validation of emails: a claim succeeds for exactly one user per email, case-insensitively, even
 * across processes (the Mongo implementation relies on a unique key).
 */
public interface EmailRegistry {

    /** @return true if the email is now claimed for userId, false if another user holds it */
    boolean claim(String email, String userId);

    /** The user holding the email, if any. */
    java.util.Optional<String> holderOf(String email);
}
