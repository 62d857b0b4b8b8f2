package io.rollcall.app.cluster;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes on one database share the projections out through the token store: the first node up claims every
 * segment, a second node's arrival makes it release its excess, and when the second stops the first takes them
 * all back. Events handled on both nodes make views that read the same through either.
 */
class ProjectionsSharedTest {

    private static final String TWO_SEGMENTS = "--rollcall.cluster.projection-segments=2";

    private final MongoServer database = ClusterNodes.sharedDatabase();
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    /** The test's own connection: the nodes' go with them. */
    private final MongoClient client = MongoClients.create(ClusterNodes.dbUrl(database));
    private final MongoDatabase shared = client.getDatabase("rollcall");

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        client.close();
        database.shutdownNow();
    }

    @Test
    void theProjectionsAreSharedOutBetweenTwoNodesAndTakenBackWhenOneStops() {
        String dbUrl = ClusterNodes.dbUrl(database);
        ConfigurableApplicationContext first = start(dbUrl);
        String a = first.getBean(NodeOrigin.class).id();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(owners(shared)).as("claims per node").containsOnlyKeys(a));
        int segments = claims(shared).size();
        assertThat(segments).as("one segment per projection").isEqualTo(segmentsPerProjection(shared).size());

        ConfigurableApplicationContext second = start(dbUrl);
        String b = second.getBean(NodeOrigin.class).id();
        awaitEvenSplit(shared, a, b, segments);
        marksReadThroughBoth(first, second);

        second.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(owners(shared)).as("claims per node").containsOnlyKeys(a).containsEntry(a, (long) segments));
    }

    /**
     * With two segments per projection, a store whose projections have one is split when a node so configured
     * starts; the classes projection (ordered across classes) stays whole; each split projection's segments go to
     * different nodes.
     */
    @Test
    void projectionsSplitInTwoSegmentsAreSharedSegmentBySegment() {
        String dbUrl = ClusterNodes.dbUrl(database);
        ConfigurableApplicationContext before = start(dbUrl);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(segmentsPerProjection(shared).values()).isNotEmpty().containsOnly(1L));
        int projections = segmentsPerProjection(shared).size();
        before.close();
        nodes.remove(before);

        ConfigurableApplicationContext first = start(dbUrl, TWO_SEGMENTS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> perProjection = segmentsPerProjection(shared);
            assertThat(perProjection).as("segments per projection").hasSize(projections)
                    .containsEntry("classes", 1L);
            perProjection.forEach((projection, count) ->
                    assertThat(count).as(projection).isEqualTo("classes".equals(projection) ? 1L : 2L));
        });
        int segments = 2 * projections - 1;
        String a = first.getBean(NodeOrigin.class).id();

        ConfigurableApplicationContext second = start(dbUrl, TWO_SEGMENTS);
        String b = second.getBean(NodeOrigin.class).id();
        awaitEvenSplit(shared, a, b, segments);
        // a segment the second node was too slow to claim comes back, and the projection's other half goes
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Set<String>> ownersPerProjection = claims(shared).stream().collect(Collectors.groupingBy(
                    row -> row.getString("processorName"),
                    Collectors.mapping(row -> String.valueOf(row.getString("owner")), Collectors.toSet())));
            ownersPerProjection.forEach((projection, owners) -> assertThat(owners).as(projection)
                    .hasSize("classes".equals(projection) ? 1 : 2));
        });
        marksReadThroughBoth(first, second);
    }

    private static void awaitEvenSplit(MongoDatabase shared, String a, String b, int segments) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> owners = owners(shared);
            assertThat(owners).as("claims per node").containsOnlyKeys(a, b);
            assertThat(owners.get(a) + owners.get(b)).isEqualTo(segments);
            assertThat(Math.abs(owners.get(a) - owners.get(b))).as("claims per node: %s", owners)
                    .isLessThanOrEqualTo(1);
        });
    }

    /** Events made through both nodes, handled by projections on both, read the same through each. */
    private static void marksReadThroughBoth(ConfigurableApplicationContext first,
                                             ConfigurableApplicationContext second) {
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
            assertThat(node.get("/class/" + classId + "/analytics", teacher.token()).status()).isEqualTo(200);
        }
    }

    private static List<Document> claims(MongoDatabase shared) {
        return shared.getCollection("trackingtokens").find().into(new ArrayList<>());
    }

    private static Map<String, Long> segmentsPerProjection(MongoDatabase shared) {
        return claims(shared).stream()
                .collect(Collectors.groupingBy(row -> row.getString("processorName"), Collectors.counting()));
    }

    /** Live claims per node, read from the token store. */
    private static Map<String, Long> owners(MongoDatabase shared) {
        long lapsed = System.currentTimeMillis() - 5_000;
        return claims(shared).stream()
                .filter(row -> row.getString("owner") != null && row.get("timestamp", Number.class).longValue() > lapsed)
                .collect(Collectors.groupingBy(row -> row.getString("owner"), Collectors.counting()));
    }

    private ConfigurableApplicationContext start(String dbUrl, String... more) {
        ConfigurableApplicationContext node = ClusterNodes.start(dbUrl, more);
        nodes.add(node);
        return node;
    }
}
