package io.rollcall.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import io.rollcall.app.RollcallApplication;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a node in a cluster: node A runs in a child JVM and is the first to start, so it holds every
 * projection's claim; node B runs here. A is killed without any shutdown (its claims stay in the token store,
 * its sockets drop). B carries the session on, and once A's claims time out B's processors take the positions
 * over: every mark either node acknowledged is in the views B answers from.
 */
class NodeKillTest {

    @TempDir
    Path logs;

    private final MongoServer database = ClusterNodes.sharedDatabase();
    private Process nodeA;
    private ConfigurableApplicationContext nodeB;


    @AfterEach
    void stop() throws IOException {
        if (nodeA != null) {
            nodeA.destroyForcibly();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        database.shutdownNow();
        Path kept = Path.of("target", "node-kill");
        Files.createDirectories(kept);
        Files.copy(logs.resolve("node-a.log"), kept.resolve("node-a.log"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theSurvivorTakesTheProjectionsOverFromAKilledNode() throws Exception {
        String dbUrl = ClusterNodes.dbUrl(database);
        int portA = freePort();
        nodeA = launch(portA, dbUrl);
        ApiClient a = new ApiClient(portA);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> a.get("/students", null).status() == 401);
        nodeB = ClusterNodes.start(dbUrl);
        ConfigurableApplicationContext b = nodeB;
        await().atMost(Duration.ofSeconds(20)).until(() -> b.getBean(OtherNodesEvents.class).isFollowing());
        int portB = ClusterNodes.port(b);
        ApiClient onB = new ApiClient(portB);

        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = a.signupAndLogin("Ada", "student");
        ApiClient.User bo = a.signupAndLogin("Bo", "student");
        String classId = a.createClass(teacher, "Geography");
        a.enrol(teacher, classId, ada);
        a.enrol(teacher, classId, bo);
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);

        long killed;
        try (SocketClient adaOnB = SocketClient.connect(portB, ada.token())) {
            try (SocketClient teacherOnA = SocketClient.connect(portA, teacher.token())) {
                teacherOnA.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", "absent"));
                teacherOnA.next("ATTENDANCE_MARKED");
                teacherOnA.send("ATTENDANCE_MARKED", Map.of("studentId", bo.id(), "status", "present"));
                teacherOnA.next("ATTENDANCE_MARKED");
                nodeA.destroyForcibly().waitFor(); // SIGKILL right after the acknowledgement
            }
            killed = System.nanoTime();
            assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText()).isEqualTo("absent");
            assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("studentId").asText()).isEqualTo(bo.id());

            // until A's claims time out, nothing moves the projections past A's last events, so B's
            // read-your-writes (the handshake's user lookup, too) waits its full bound before answering
            try (SocketClient teacherOnB = SocketClient.connect(portB, teacher.token(), Duration.ofSeconds(20))) {
                System.out.printf("NodeKillTest: teacher's socket on B open %d ms after the kill%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)); // a figure for the docs
                teacherOnB.send("TODAY_SUMMARY", null);
                JsonNode summary = teacherOnB.next("TODAY_SUMMARY").path("data");
                assertThat(summary.path("present").asInt()).isEqualTo(1);
                assertThat(summary.path("absent").asInt()).isEqualTo(1);
                teacherOnB.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", "present"));
                assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText())
                        .isEqualTo("present");
                teacherOnB.send("DONE", null);
                JsonNode done = teacherOnB.next("DONE").path("data");
                assertThat(done.path("present").asInt()).isEqualTo(2);
                assertThat(done.path("absent").asInt()).isEqualTo(0);
            }
        }
        // A's claims time out; B's processors take over from A's stored positions and write the views
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(onB.get("/class/" + classId + "/my-attendance", ada.token()).data().path("status").asText())
                    .isEqualTo("present");
            assertThat(onB.get("/class/" + classId + "/my-attendance", bo.token()).data().path("status").asText())
                    .isEqualTo("present");
        });
        System.out.printf("NodeKillTest: B's views caught up %d ms after the kill%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        JsonNode audit = onB.get("/class/" + classId + "/audit", teacher.token()).data();
        assertThat(audit.path("entries").size()).as("three marks, made on both nodes: %s", audit).isEqualTo(3);
    }

    private Process launch(int port, String dbUrl) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RollcallApplication.class.getName()));
        command.addAll(ClusterNodes.arguments(dbUrl, port));
        command.add("--rollcall.warmup.marks=0"); // the rehearsal before start-up has its own test
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("node-a.log").toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
