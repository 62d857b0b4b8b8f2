package io.rollcall.app.cluster;

import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database share the projections out through the token store: the first node up claims them
 * all, the second one's arrival makes it release half, and when the second stops the first takes them all back.
 * Events handled on both nodes make views that read the same through either.
 */
class ProjectionsSharedTest {

    private final MongoServer database = ClusterNodes.sharedDatabase();
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        database.shutdownNow();
    }

    @Test
    void theProjectionsAreSplitBetweenTheNodesAndTakenBackWhenOneStops() {
        String dbUrl = ClusterNodes.dbUrl(database);
        ConfigurableApplicationContext first = start(dbUrl);
        MongoDatabase shared = first.getBean(MongoDatabase.class);
        String a = first.getBean(NodeOrigin.class).id();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(owners(shared)).as("claims per node").containsOnlyKeys(a));
        int segments = owners(shared).get(a).intValue();
        assertThat(segments).as("the projections' segments").isGreaterThanOrEqualTo(4);

        ConfigurableApplicationContext second = start(dbUrl);
        String b = second.getBean(NodeOrigin.class).id();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> owners = owners(shared);
            assertThat(owners).as("claims per node").containsOnlyKeys(a, b);
            assertThat(owners.get(a) + owners.get(b)).isEqualTo(segments);
            assertThat(Math.abs(owners.get(a) - owners.get(b))).as("claims per node: %s", owners)
                    .isLessThanOrEqualTo(1);
        });

        // events made through both nodes, handled by projections on both, read through each
        ApiClient onA = new ApiClient(ClusterNodes.port(first));
        ApiClient onB = new ApiClient(ClusterNodes.port(second));
        ApiClient.User teacher = onA.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = onB.signupAndLogin("Ada", "student");
        String classId = onB.createClass(teacher, "Geography");
        onA.enrol(teacher, classId, ada);
        assertThat(onB.start(teacher, classId).status()).isEqualTo(200);
        try (SocketClient socket = SocketClient.connect(ClusterNodes.port(first), teacher.token())) {
            socket.markAndAwaitEcho(ada, "absent");
            socket.send("DONE", null);
            socket.next("DONE");
        }
        for (ApiClient node : List.of(onA, onB)) {
            ApiClient.Reply attendance = node.get("/class/" + classId + "/my-attendance", ada.token());
            assertThat(attendance.data().path("status").asText()).as("%s", attendance.body()).isEqualTo("absent");
            assertThat(node.get("/class/" + classId + "/audit", teacher.token()).data().toString())
                    .contains("absent");
            assertThat(node.get("/classes", ada.token()).data().toString()).contains("Geography");
            assertThat(node.get("/class/" + classId, teacher.token()).data().path("students").toString())
                    .contains("Ada");
        }

        second.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(owners(shared)).as("claims per node").containsOnlyKeys(a).containsEntry(a, (long) segments));
    }

    /** Live claims per node, read from the token store. */
    private static Map<String, Long> owners(MongoDatabase shared) {
        long lapsed = System.currentTimeMillis() - 5_000;
        return shared.getCollection("trackingtokens").find().into(new ArrayList<Document>()).stream()
                .filter(row -> row.getString("owner") != null && row.get("timestamp", Number.class).longValue() > lapsed)
                .collect(Collectors.groupingBy(row -> row.getString("owner"), Collectors.counting()));
    }

    private ConfigurableApplicationContext start(String dbUrl) {
        ConfigurableApplicationContext node = ClusterNodes.start(dbUrl);
        nodes.add(node);
        return node;
    }
}
