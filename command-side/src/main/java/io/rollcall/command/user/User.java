package io.rollcall.command.user;

import io.rollcall.api.user.RegisterUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A registered user. Created by {@link UserRegistrationHandler}, which first claims the email (set-based
 * validation cannot live inside one aggregate) and stores the credential outside the event store. Not cached: a
 * User handles no command after its creation, and must not evict live classes.
 */
@Aggregate(commandTargetResolver = "commandTargetResolver")
public class User {

    @AggregateIdentifier
    private String userId;
    private Role role;

    protected User() {
        // for Axon: state comes from the event history
    }

    User(RegisterUser command, Clock clock) {
        apply(new UserRegistered(command.userId(), command.name(), command.email(), command.role(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
        role = event.role();
    }
}
