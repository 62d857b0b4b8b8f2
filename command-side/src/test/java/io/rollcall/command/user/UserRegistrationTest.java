package io.rollcall.command.user;

import io.rollcall.api.Rejection;
import io.rollcall.api.user.RegisterUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

import static io.rollcall.command.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;

/** RegisterUser through {@link UserRegistrationHandler}, creating a {@link User}. */
class UserRegistrationTest {

    private static final String USER = "user-1";
    private static final String EMAIL = "Ada.Lovelace@Example.com";
    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuuMqK1m2n3o4p5q6r7s8t9u0v1w2x3y4z";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-10T09:15:30.123999999Z"), ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2025-03-10T09:15:30.123Z");

    private final InMemoryEmailRegistry emails = new InMemoryEmailRegistry();
    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerAnnotatedCommandHandler(
                new UserRegistrationHandler(fixture.getRepository(), emails, credentials, CLOCK));
    }

    private static RegisterUser register(String userId, String email) {
        return new RegisterUser(userId, "Ada Lovelace", email, Role.TEACHER, HASH);
    }

    @Test
    void registrationCreatesTheUser() {
        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserRegistered(USER, "Ada Lovelace", EMAIL, Role.TEACHER, NOW));
    }

    @Test
    void registrationReturnsTheUserId() {
        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectResultMessagePayload(USER);
    }

    @Test
    void userRegisteredHasNoPasswordOrHashField() {
        assertThat(Arrays.stream(UserRegistered.class.getRecordComponents()).map(RecordComponent::getName)
                .map(name -> name.toLowerCase(Locale.ROOT)))
                .noneMatch(name -> name.contains("password") || name.contains("hash")
                        || name.contains("credential") || name.contains("secret"));
    }

    @Test
    void theRecordedEventCarriesTheHashNowhere() {
        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectEventsMatching(exactSequenceOf(
                        matches((EventMessage<?> e) -> e.getPayload() instanceof UserRegistered
                                && !e.getPayload().toString().contains(HASH)
                                && !e.getMetaData().toString().contains(HASH)),
                        andNoMore()));
    }

    @Test
    void theHashGoesToTheCredentialStore() {
        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectSuccessfulHandlerExecution();

        assertThat(credentials.hashOf(USER)).contains(HASH);
    }

    @Test
    void theEmailIsClaimedForTheNewUser() {
        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectSuccessfulHandlerExecution();

        assertThat(emails.holderOf("ada.lovelace@example.com")).contains(USER);
    }

    @Test
    void anEmailTakenInAnotherCaseIsRejected() {
        emails.claim("ADA.LOVELACE@example.COM", "user-0");

        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectException(rejectedWith(Rejection.EMAIL_ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void aRejectedRegistrationStoresNoCredential() {
        emails.claim("ada.lovelace@example.com", "user-0");
        credentials.store("user-0", "hash-of-user-0");

        fixture.givenNoPriorActivity()
                .when(register(USER, EMAIL))
                .expectException(rejectedWith(Rejection.EMAIL_ALREADY_EXISTS));

        assertThat(credentials.hashOf(USER)).isEmpty();
        assertThat(credentials.hashOf("user-0")).contains("hash-of-user-0");
        assertThat(emails.holderOf(EMAIL)).contains("user-0");
    }
}
