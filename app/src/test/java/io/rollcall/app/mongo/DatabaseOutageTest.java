package io.rollcall.app.mongo;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.Reply;
import io.rollcall.app.support.ProxiedDatabaseTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB goes away and comes back: meanwhile every request answers 503 {@code Service unavailable} within 3 s
 * (an authenticated route fails in the token filter's user lookup, login in its controller) and readiness is
 * DOWN; afterwards everything works again, without a restart.
 */
class DatabaseOutageTest extends ProxiedDatabaseTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    @Test
    void whileTheDatabaseIsCutRequestsAnswer503PromptlyAndAfterwardsWorkAgain() {
        ApiClient api = new ApiClient(port);
        ApiClient.User teacher = api.signupAndLogin("Outage Teacher", "teacher");
        String classId = api.createClass(teacher, "Before the outage");

        DATABASE_LINE.cut();
        assertUnavailable(() -> api.get("/auth/me", teacher.token()));
        assertUnavailable(() -> api.get("/class/" + classId, teacher.token()));
        assertUnavailable(() -> api.post("/auth/login", null,
                Map.of("email", teacher.email(), "password", "secret123")));
        Reply ready = timed(() -> api.get("/health/ready", null));
        assertThat(ready.status()).as("readiness while cut: %s", ready).isEqualTo(503);

        DATABASE_LINE.restore();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/auth/me", teacher.token()).status() == 200);
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(api.get("/class/" + classId, teacher.token()).data().path("className").asText())
                .isEqualTo("Before the outage");
        String after = api.createClass(teacher, "After the outage");
        assertThat(api.get("/class/" + after, teacher.token()).status()).isEqualTo(200);
        // the failed login during the outage was not counted as a wrong password
        assertThat(api.post("/auth/login", null, Map.of("email", teacher.email(), "password", "secret123"))
                .status()).isEqualTo(200);
    }

    private static void assertUnavailable(Supplier<Reply> call) {
        Reply reply = timed(call);
        assertThat(reply.status()).as("%s", reply).isEqualTo(503);
        assertThat(reply.success()).isFalse();
        assertThat(reply.error()).isEqualTo("Service unavailable");
    }

    private static Reply timed(Supplier<Reply> call) {
        long start = System.nanoTime();
        Reply reply = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within %s", PROMPTLY)
                .isLessThan(PROMPTLY);
        return reply;
    }
}
