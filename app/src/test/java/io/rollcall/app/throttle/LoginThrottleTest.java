package io.rollcall.app.throttle;

import io.rollcall.app.support.HttpFromAddress;
import io.rollcall.app.support.HttpFromAddress.Answer;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential routes' limits over real HTTP, with the production values (5 failures per email per 15 min,
 * 50 failed logins per address per minute, 20 signups per email per 15 min). Each test that spends an address's
 * allowance speaks from a loopback address of its own, so the rest of the suite is not throttled.
 */
@RollcallTest
class LoginThrottleTest {

    private static final String TOO_MANY = "Too many requests";

    @LocalServerPort
    int port;

    private static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@school.test";
    }

    private Map<String, Object> signup(String email) {
        return Map.of("name", "Throttled", "email", email, "password", "secret123", "role", "student");
    }

    @Test
    void theSixthWrongPasswordForAnEmailIsRefusedUntilRefillEvenWithTheRightPassword() {
        HttpFromAddress http = new HttpFromAddress("127.0.0.1", port);
        String email = uniqueEmail("guessed");
        assertThat(http.post("/auth/signup", signup(email)).status()).isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            Answer wrong = http.post(i % 2 == 0 ? "/login" : "/auth/login", Map.of("email", email, "password", "guess-" + i));
            assertThat(wrong.status()).as("wrong password %d: %s", i, wrong).isEqualTo(400);
            assertThat(wrong.error()).isEqualTo("Invalid email or password");
        }
        Answer sixth = http.post("/auth/login", Map.of("email", email.toUpperCase(), "password", "guess-6"));
        assertTooMany(sixth);
        // one refilled failure every 3 minutes (5 per 15 min): the wait says so
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 180L);
        assertTooMany(http.post("/login", Map.of("email", email, "password", "secret123")));

        // the lockout is the email's: another user at the same address logs in
        String other = uniqueEmail("neighbour");
        assertThat(http.post("/signup", signup(other)).status()).isEqualTo(201);
        assertThat(http.post("/auth/login", Map.of("email", other, "password", "secret123")).status()).isEqualTo(200);
    }

    /** A client looping on a locked email gets one answer per second, not thousands (DelayedRefusals). */
    @Test
    void aRefusedLoginIsAnsweredOnlyAfterTheRefusalDelay() {
        HttpFromAddress http = new HttpFromAddress("127.0.0.64", port);
        String email = uniqueEmail("looped");
        assertThat(http.post("/auth/signup", signup(email)).status()).isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            assertThat(http.post("/auth/login", Map.of("email", email, "password", "guess-" + i)).status()).isEqualTo(400);
        }
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertTooMany(http.post("/auth/login", Map.of("email", email, "password", "secret123")));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("refusal %d", i)
                    .isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void anAddressThatFailsFiftyLoginsInAMinuteIsRefusedWhileOthersAreNot() {
        HttpFromAddress guesser = new HttpFromAddress("127.0.0.61", port);
        for (int i = 1; i <= 50; i++) {
            Answer wrong = guesser.post("/auth/login", Map.of("email", uniqueEmail("spray"), "password", "secret123"));
            assertThat(wrong.status()).as("failure %d: %s", i, wrong).isEqualTo(400);
        }
        assertTooMany(guesser.post("/auth/login", Map.of("email", uniqueEmail("spray"), "password", "secret123")));

        HttpFromAddress elsewhere = new HttpFromAddress("127.0.0.62", port);
        String email = uniqueEmail("elsewhere");
        assertThat(elsewhere.post("/auth/signup", signup(email)).status()).isEqualTo(201);
        assertThat(elsewhere.post("/auth/login", Map.of("email", email, "password", "secret123")).status())
                .isEqualTo(200);
    }

    /**
     * A school behind one NAT address: 300 correct logins within a minute all get in. 30 students log in 10
     * times each rather than 300 students once: only failures count, per email as per address, so the counters
     * see the same thing, and the test signs up 30 users instead of 300 (each signup is a bcrypt hash too).
     * Eight clients at once, like a class clicking "log in" together; every login is a real bcrypt check.
     */
    @Test
    void threeHundredCorrectLoginsFromOneAddressAllGetIn() throws Exception {
        HttpFromAddress school = new HttpFromAddress("127.0.0.63", port);
        HttpFromAddress office = new HttpFromAddress("127.0.0.1", port);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String email = uniqueEmail("nat-student-" + i);
            assertThat(office.post("/auth/signup", signup(email)).status()).isEqualTo(201);
            emails.add(email);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Answer>> logins = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String email : emails) {
                    logins.add(clients.submit(() -> school.post("/auth/login",
                            Map.of("email", email, "password", "secret123"))));
                }
            }
            for (Future<Answer> login : logins) {
                Answer answer = login.get(60, TimeUnit.SECONDS);
                assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                assertThat(answer.body().path("data").path("token").asText()).isNotEmpty();
            }
            assertThat(logins).hasSize(300);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theTwentyFirstSignupOfOneEmailIsRefused() {
        HttpFromAddress http = new HttpFromAddress("127.0.0.1", port);
        String email = uniqueEmail("again");
        assertThat(http.post("/auth/signup", signup(email)).status()).isEqualTo(201);
        for (int i = 2; i <= 20; i++) {
            Answer again = http.post("/signup", signup(email));
            assertThat(again.status()).as("signup %d: %s", i, again).isEqualTo(400);
            assertThat(again.error()).isEqualTo("Email already exists");
        }
        assertTooMany(http.post("/auth/signup", signup(email.toUpperCase())));
    }

    private static void assertTooMany(Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(429);
        assertThat(answer.body().path("success").isBoolean()).isTrue();
        assertThat(answer.body().path("success").asBoolean()).isFalse();
        assertThat(answer.error()).isEqualTo(TOO_MANY);
        assertThat(answer.header("Retry-After")).as("Retry-After of %s", answer).matches("[1-9][0-9]*");
    }
}
