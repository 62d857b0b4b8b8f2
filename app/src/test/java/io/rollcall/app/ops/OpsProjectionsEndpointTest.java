package io.rollcall.app.ops;

import io.rollcall.app.RollcallApplication;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projection ops endpoints with {@code OPS_TOKEN} set (their own context: the shared one runs without a
 * token, where these routes answer 404): token required, listing, and a rebuild while the service serves.
 */
class OpsProjectionsEndpointTest {

    private static final String OPS = "Bearer ops-token-for-the-test";
    private static ConfigurableApplicationContext context;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(RollcallApplication.class).run("--server.port=0",
                "--rollcall.db-url=", "--rollcall.embedded-backend=memory",
                "--rollcall.jwt-secret=test-secret-of-at-least-thirty-two-bytes-long",
                "--rollcall.ops-token=ops-token-for-the-test");
        api = new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theEndpointsNeedTheOpsToken() {
        ApiClient.Reply reply = api.get("/ops/projections", null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("Unauthorized, token missing or invalid");
        assertThat(api.post("/ops/projections/all/rebuild", "Bearer wrong", "{}").status()).isEqualTo(401);
    }

    @Test
    void aRebuildRunsWhileTheServiceServesAndReportsProgress() {
        ApiClient.User teacher = api.signupAndLogin("Teacher", "teacher");
        ApiClient.User alice = api.signupAndLogin("Alice", "student");
        String classId = api.createClass(teacher, "Drama");
        api.enrol(teacher, classId, alice);
        api.start(teacher, classId);
        int port = api.port();
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", alice.id(), "status", "present"));
            socket.next("ATTENDANCE_MARKED");

            ApiClient.Reply list = api.get("/ops/projections", OPS);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.data().path("projections").toString()).contains("\"audit\"", "\"sessions\"", "built");

            assertThat(api.post("/ops/projections/nope/rebuild", OPS, "{}").error()).isEqualTo("Projection not found");
            ApiClient.Reply started = api.post("/ops/projections/all/rebuild", OPS, "{}");
            assertThat(started.status()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    "done".equals(api.get("/ops/projections", OPS).data().path("lastRebuild").path("state").asText()));
            var last = api.get("/ops/projections", OPS).data().path("lastRebuild");
            assertThat(last.path("processed").asLong()).isGreaterThanOrEqualTo(6);
            assertThat(last.path("total").asLong()).isGreaterThanOrEqualTo(last.path("processed").asLong());

            socket.send("TODAY_SUMMARY", null);
            assertThat(socket.next("TODAY_SUMMARY").path("data").path("present").asInt()).isEqualTo(1);
        }
    }
}
