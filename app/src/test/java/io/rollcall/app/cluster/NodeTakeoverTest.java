package io.rollcall.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.rollcall.app.RollcallApplication;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on a plain mongo-java-server (memory backend, oplog on) as their shared database. The node that
 * runs the projections stops mid-session; the teacher reconnects to the other node and carries on, that node
 * takes the projections over, and nothing acknowledged is lost.
 */
class NodeTakeoverTest {

    private final MongoServer database = new MongoServer(oplogBackend());
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    private static MemoryBackend oplogBackend() {
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        return backend;
    }

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        database.shutdownNow();
    }

    @Test
    void theSurvivorCarriesOnTheSessionAndTakesTheProjectionsOver() {
        database.bind("127.0.0.1", 0);
        InetSocketAddress address = database.getLocalAddress();
        String dbUrl = "mongodb://127.0.0.1:" + address.getPort() + "/rollcall";
        ConfigurableApplicationContext first = start(dbUrl);
        ConfigurableApplicationContext second = start(dbUrl);
        await().atMost(Duration.ofSeconds(20)).until(() -> second.getBean(OtherNodesEvents.class).isFollowing());
        ApiClient a = new ApiClient(port(first));
        ApiClient b = new ApiClient(port(second));

        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = a.signupAndLogin("Ada", "student");
        ApiClient.User bo = a.signupAndLogin("Bo", "student");
        String classId = a.createClass(teacher, "History");
        a.enrol(teacher, classId, ada);
        a.enrol(teacher, classId, bo);
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);

        try (SocketClient adaOnB = SocketClient.connect(port(second), ada.token())) {
            try (SocketClient teacherOnA = SocketClient.connect(port(first), teacher.token())) {
                teacherOnA.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", "absent"));
                teacherOnA.next("ATTENDANCE_MARKED");
            }
            assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText()).isEqualTo("absent");

            first.close(); // the node that holds the projections goes; its sockets with it

            try (SocketClient teacherOnB = SocketClient.connect(port(second), teacher.token())) {
                teacherOnB.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", "present"));
                assertThat(teacherOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText())
                        .isEqualTo("present");
                assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText())
                        .isEqualTo("present");
                teacherOnB.send("DONE", null);
                JsonNode done = teacherOnB.next("DONE").path("data");
                assertThat(done.path("present").asInt()).isEqualTo(1);
                assertThat(done.path("absent").asInt()).isEqualTo(1);
            }
        }
        // read models written by the survivor's processors, which took the positions over
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(b.get("/class/" + classId + "/my-attendance", ada.token()).data().path("status").asText())
                    .isEqualTo("present");
            assertThat(b.get("/class/" + classId + "/my-attendance", bo.token()).data().path("status").asText())
                    .isEqualTo("absent");
        });
        JsonNode audit = b.get("/class/" + classId + "/audit", teacher.token()).data();
        assertThat(audit.toString()).as("both acknowledged marks are in the audit trail")
                .contains("\"absent\"").contains("\"present\"");
    }

    private ConfigurableApplicationContext start(String dbUrl) {
        ConfigurableApplicationContext node = new SpringApplicationBuilder(RollcallApplication.class).run(
                "--server.port=0", "--rollcall.db-url=" + dbUrl, "--rollcall.cluster.enabled=true",
                "--rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
                "--rollcall.throttle.signups-per-address=1000000/1m");
        nodes.add(node);
        return node;
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }
}
