package io.rollcall.app;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core scenario against a real MongoDB 7 (a single-node replica set, as docker-compose.yml runs it), not
 * the embedded wire-protocol server the other tests use: signup, class, add-student, start, marks over the
 * WebSocket, DONE, my-attendance; then a restart on the same database, where the finalized attendance is still
 * readable, tokens and logins still work, and the class's aggregate (rebuilt from the event store) takes a new
 * session. Skipped, not failed, where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerScenarioTest {

    private static final String JWT_SECRET = "container-test-secret-of-at-least-32-bytes";

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(DockerImageName.parse("mongo:7"));

    @Test
    void theCoreScenarioRunsOnMongoDbAndSurvivesARestart() {
        ApiClient.User teacher;
        ApiClient.User alice;
        ApiClient.User bob;
        String classId;
        try (ConfigurableApplicationContext first = start()) {
            int port = port(first);
            ApiClient api = new ApiClient(port);
            teacher = api.signupAndLogin("Teacher", "teacher");
            alice = api.signupAndLogin("Alice", "student");
            bob = api.signupAndLogin("Bob", "student");
            classId = api.createClass(teacher, "Physics");
            api.enrol(teacher, classId, alice);
            api.enrol(teacher, classId, bob);
            assertThat(api.start(teacher, classId).status()).isEqualTo(200);

            try (SocketClient socket = SocketClient.connect(port, teacher.token());
                 SocketClient aliceSocket = SocketClient.connect(port, alice.token())) {
                socket.send("ATTENDANCE_MARKED", Map.of("studentId", alice.id(), "status", "present"));
                assertThat(aliceSocket.next("ATTENDANCE_MARKED").path("data").path("status").asText())
                        .isEqualTo("present");

                socket.send("TODAY_SUMMARY", null);
                var summary = socket.next("TODAY_SUMMARY").path("data");
                assertThat(summary.path("present").asInt()).isEqualTo(1);
                assertThat(summary.path("total").asInt()).isEqualTo(1);

                socket.send("DONE", null);
                var done = socket.next("DONE").path("data");
                assertThat(done.path("message").asText()).isEqualTo("Attendance persisted");
                assertThat(done.path("present").asInt()).isEqualTo(1);
                assertThat(done.path("absent").asInt()).isEqualTo(1);
                assertThat(done.path("total").asInt()).isEqualTo(2);
            }
            assertThat(myStatus(api, classId, alice)).isEqualTo("present");
            assertThat(myStatus(api, classId, bob)).isEqualTo("absent");
        }

        try (ConfigurableApplicationContext second = start()) {
            int port = port(second);
            ApiClient api = new ApiClient(port);
            // what the first instance finalized is still there, read with tokens it issued
            assertThat(myStatus(api, classId, alice)).isEqualTo("present");
            assertThat(myStatus(api, classId, bob)).isEqualTo("absent");
            assertThat(api.get("/auth/me", teacher.token()).status()).isEqualTo(200);
            ApiClient.Reply login = api.post("/auth/login", null,
                    Map.of("email", bob.email(), "password", "secret123"));
            assertThat(login.status()).isEqualTo(200);
            String bobToken = login.data().path("token").asText();

            // the class, loaded from its events, takes a new session, which replaces the last finalized one
            assertThat(api.start(teacher, classId).status()).isEqualTo(200);
            try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
                socket.send("ATTENDANCE_MARKED", Map.of("studentId", bob.id(), "status", "present"));
                socket.next("ATTENDANCE_MARKED");
                socket.send("DONE", null);
                var done = socket.next("DONE").path("data");
                assertThat(done.path("present").asInt()).isEqualTo(1);
                assertThat(done.path("absent").asInt()).isEqualTo(1);
            }
            assertThat(api.get("/class/" + classId + "/my-attendance", bobToken).data().path("status").asText())
                    .isEqualTo("present");
            assertThat(myStatus(api, classId, alice)).isEqualTo("absent");
        }
    }

    private static String myStatus(ApiClient api, String classId, ApiClient.User student) {
        return api.get("/class/" + classId + "/my-attendance", student.token()).data().path("status").asText();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RollcallApplication.class).run(
                "--server.port=0",
                "--rollcall.db-url=" + MONGO.getReplicaSetUrl("rollcall"),
                "--rollcall.jwt-secret=" + JWT_SECRET);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
