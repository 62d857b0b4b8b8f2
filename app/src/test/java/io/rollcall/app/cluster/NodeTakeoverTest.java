package io.rollcall.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on a plain mongo-java-server (memory backend, oplog on) as their shared database. The first node
 * (up first, so it holds projections, all or its share) stops mid-session; the teacher reconnects to the other
 * node and carries on, that node takes the projections over, and nothing acknowledged is lost.
 */
class NodeTakeoverTest {

    private final MongoServer database = ClusterNodes.sharedDatabase();
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();


    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        database.shutdownNow();
    }

    @Test
    void theSurvivorCarriesOnTheSessionAndTakesTheProjectionsOver() {
        String dbUrl = ClusterNodes.dbUrl(database);
        ConfigurableApplicationContext first = start(dbUrl);
        ConfigurableApplicationContext second = start(dbUrl);
        await().atMost(Duration.ofSeconds(20)).until(() -> second.getBean(OtherNodesEvents.class).isFollowing());
        ApiClient a = new ApiClient(ClusterNodes.port(first));
        ApiClient b = new ApiClient(ClusterNodes.port(second));

        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = a.signupAndLogin("Ada", "student");
        ApiClient.User bo = a.signupAndLogin("Bo", "student");
        String classId = a.createClass(teacher, "History");
        a.enrol(teacher, classId, ada);
        a.enrol(teacher, classId, bo);
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);

        try (SocketClient adaOnB = SocketClient.connect(ClusterNodes.port(second), ada.token())) {
            try (SocketClient teacherOnA = SocketClient.connect(ClusterNodes.port(first), teacher.token())) {
                teacherOnA.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", "absent"));
                teacherOnA.next("ATTENDANCE_MARKED");
            }
            assertThat(adaOnB.next("ATTENDANCE_MARKED").path("data").path("status").asText()).isEqualTo("absent");

            first.close(); // the first node goes, its sockets and its projections with it

            try (SocketClient teacherOnB = SocketClient.connect(ClusterNodes.port(second), teacher.token())) {
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
        ConfigurableApplicationContext node = ClusterNodes.start(dbUrl);
        nodes.add(node);
        return node;
    }
}
