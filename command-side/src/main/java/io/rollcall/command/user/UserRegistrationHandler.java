package io.rollcall.command.user;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.user.RegisterUser;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;

/**
 * Registration: claim the email, keep the hash in the credential store, then create the {@link User}.
 * The order matters: once UserRegistered exists, the user can log in at once.
 */
public class UserRegistrationHandler {

    private final Repository<User> users;
    private final EmailRegistry emails;
    private final CredentialStore credentials;
    private final Clock clock;

    public UserRegistrationHandler(Repository<User> users, EmailRegistry emails, CredentialStore credentials,
                                   Clock clock) {
        this.users = users;
        this.emails = emails;
        this.credentials = credentials;
        this.clock = clock;
    }

    @CommandHandler
    public String handle(RegisterUser command) throws Exception {
        if (!emails.claim(command.email(), command.userId())) {
            throw new CommandRejectedException(Rejection.EMAIL_ALREADY_EXISTS);
        }
        credentials.store(command.userId(), command.passwordHash());
        users.newInstance(() -> new User(command, clock));
        return command.userId();
    }
}
