package io.rollcall.api.user;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a user. The bcrypt hash travels on the command (never stored as a message) and is kept in the
 * credential store; the resulting event carries no credential at all.
 */
public record RegisterUser(@TargetAggregateIdentifier String userId, String name, String email, Role role,
                           String passwordHash) {

    @Override
    public String toString() { // keep the hash out of any log line
        return "RegisterUser[userId=" + userId + ", role=" + role + "]";
    }
}
