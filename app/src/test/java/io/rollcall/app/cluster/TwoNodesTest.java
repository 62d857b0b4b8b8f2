package io.rollcall.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.rollcall.app.RollcallApplication;
import io.rollcall.app.eventstore.StoredEvents;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one database, in one JVM: node A serves its embedded MongoDB (memory backend, oplog on) on a fixed
 * loopback port, node B connects to it with a DB_URL, as the README's local cluster does.
 */
class TwoNodesTest {

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static ApiClient a;
    private static ApiClient b;
    private static String dbUrl;

    @BeforeAll
    static void startTwoNodes() throws IOException {
        int dbPort = freePort();
        dbUrl = "mongodb://127.0.0.1:" + dbPort + "/rollcall";
        nodeA = start("rollcall.db-url=", "rollcall.cluster.embedded-mongo-port=" + dbPort);
        nodeB = start("rollcall.db-url=" + dbUrl, "rollcall.cluster.enabled=true");
        a = new ApiClient(port(nodeA));
        b = new ApiClient(port(nodeB));
        for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
            OtherNodesEvents feed = node.getBean(OtherNodesEvents.class);
            await().atMost(Duration.ofSeconds(20)).until(feed::isFollowing);
        }
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aMarkOnOneNodeReachesStudentsOnTheOtherInOrderAndNothingFollowsDone() {
        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = a.signupAndLogin("Ada", "student");
        ApiClient.User outsider = a.signupAndLogin("Outsider", "student");
        String classId = a.createClass(teacher, "Physics");
        a.enrol(teacher, classId, ada);
        String otherClass = a.createClass(a.signupAndLogin("Other teacher", "teacher"), "Art");
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);

        try (SocketClient teacherOnA = SocketClient.connect(port(nodeA), teacher.token());
             SocketClient adaOnB = SocketClient.connect(port(nodeB), ada.token());
             SocketClient outsiderOnB = SocketClient.connect(port(nodeB), outsider.token())) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String status = i % 3 == 0 ? "absent" : "present";
                sent.add(status);
                teacherOnA.send("ATTENDANCE_MARKED", Map.of("studentId", ada.id(), "status", status));
                teacherOnA.next("ATTENDANCE_MARKED");
            }
            List<String> received = new ArrayList<>();
            while (received.size() < sent.size()) {
                JsonNode frame = adaOnB.next("ATTENDANCE_MARKED");
                received.add(frame.path("data").path("status").asText());
            }
            assertThat(received).as("node B's student sees node A's marks in commit order").isEqualTo(sent);

            adaOnB.send("MY_ATTENDANCE", null);
            assertThat(adaOnB.next("MY_ATTENDANCE").path("data").path("status").asText())
                    .as("node B's live state knows node A's last mark").isEqualTo(sent.get(sent.size() - 1));

            teacherOnA.send("DONE", null);
            JsonNode done = adaOnB.next("DONE").path("data");
            assertThat(done.path("present").asInt() + done.path("absent").asInt()).isEqualTo(1);
            adaOnB.assertNothingWithin(Duration.ofMillis(300));
            outsiderOnB.assertNothingWithin(Duration.ofMillis(100));
        }
        assertThat(otherClass).isNotEqualTo(classId);
    }

    @Test
    void aWriteThroughOneNodeIsReadThroughTheOther() {
        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User student = b.signupAndLogin("Student", "student");
        for (int i = 0; i < 5; i++) {
            String classId = a.createClass(teacher, "Class " + i);
            a.enrol(teacher, classId, student);
            ApiClient.Reply onB = b.get("/class/" + classId, teacher.token());
            assertThat(onB.status()).as("class created on A, read on B").isEqualTo(200);
            assertThat(onB.data().path("students").toString()).contains(student.id());
        }
    }

    /**
     * Read-your-writes in a cluster judges a projection by its stored position, except where the asking node runs
     * it: there its position in memory counts (it moves past ignored events at once, the stored one later).
     */
    @Test
    void aProjectionRunHereIsJudgedByItsPositionInMemory() {
        a.signupAndLogin("Teacher", "teacher"); // the projections have a stored position
        StoredPositions positions = nodeA.getBean(StoredPositions.class);
        String unseen = UUID.randomUUID().toString(); // an event no stored position has seen
        List<StoredEvents.Newest> newest = List.of(new StoredEvents.Newest(unseen, Instant.now()));
        MongoTrackingToken pastIt = MongoTrackingToken.of(Instant.now(), unseen);

        await().atMost(Duration.ofSeconds(10)).until(() -> positions.behind(List.of("users"), List.of()).isEmpty());
        assertThat(positions.behind(List.of("users"), newest)).containsExactly("users");
        assertThat(positions.behind(List.of("users"), newest, (projection, segment) -> pastIt)).isEmpty();
        assertThat(positions.behind(List.of("users"), newest, (projection, segment) -> null))
                .containsExactly("users");
    }

    @Test
    void marksOfOneClassOnBothNodesAtOnceAreAllStoredAndEveryNodeEndsOnTheStoredState() {
        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        List<ApiClient.User> students = new ArrayList<>();
        String classId = a.createClass(teacher, "Chemistry");
        for (int i = 0; i < 4; i++) {
            ApiClient.User student = a.signupAndLogin("Student " + i, "student");
            a.enrol(teacher, classId, student);
            students.add(student);
        }
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);
        int rounds = 40;
        try (SocketClient onA = SocketClient.connect(port(nodeA), teacher.token());
             SocketClient onB = SocketClient.connect(port(nodeB), teacher.token())) {
            // each node marks students of its own, so every echo names its mark unambiguously
            CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(
                    () -> mark(onA, students.subList(0, 2), rounds, 0));
            CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(
                    () -> mark(onB, students.subList(2, 4), rounds, 1));
            int acknowledged = fromA.join() + fromB.join();
            assertThat(acknowledged).as("every mark is acknowledged (a lost race is retried)").isEqualTo(2 * rounds);

            Map<String, String> stored = lastStoredStatus(classId);
            assertThat(storedMarks(classId)).as("each acknowledged mark is one stored event").isEqualTo(2 * rounds);
            long present = stored.values().stream().filter("present"::equals).count();
            for (SocketClient socket : List.of(onA, onB)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    socket.send("TODAY_SUMMARY", null);
                    JsonNode summary = socket.next("TODAY_SUMMARY").path("data");
                    assertThat(summary.path("present").asInt()).isEqualTo(present);
                    assertThat(summary.path("absent").asInt()).isEqualTo(stored.size() - present);
                });
            }
        }
    }

    @Test
    void doneOnOneNodeRacingMarksOnTheOtherLeavesNoMarkAfterTheSessionClosed() {
        ApiClient.User teacher = a.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = a.signupAndLogin("Ada", "student");
        String classId = a.createClass(teacher, "Biology");
        a.enrol(teacher, classId, ada);
        assertThat(a.start(teacher, classId).status()).isEqualTo(200);
        int marks = 30;
        try (SocketClient closingOnA = SocketClient.connect(port(nodeA), teacher.token());
             SocketClient markingOnB = SocketClient.connect(port(nodeB), teacher.token());
             SocketClient adaOnA = SocketClient.connect(port(nodeA), ada.token())) {
            CompletableFuture<Void> marking = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < marks; i++) {
                    markingOnB.send("ATTENDANCE_MARKED",
                            Map.of("studentId", ada.id(), "status", i % 2 == 0 ? "present" : "absent"));
                }
            });
            markingOnB.next("ATTENDANCE_MARKED"); // DONE goes out while marks are in flight on the other node
            closingOnA.send("DONE", null);
            marking.join();

            List<JsonNode> student = new ArrayList<>();
            while (student.isEmpty() || !student.get(student.size() - 1).path("event").asText().equals("DONE")) {
                student.add(adaOnA.next());
            }
            adaOnA.assertNothingWithin(Duration.ofMillis(300));
            long framedMarks = student.stream().filter(f -> f.path("event").asText().equals("ATTENDANCE_MARKED")).count();
            assertThat(framedMarks).as("every mark the student saw is stored, none after DONE")
                    .isEqualTo(storedMarks(classId));
            List<String> history = classEvents(classId);
            int finalized = history.indexOf("SessionFinalized");
            assertThat(finalized).as("DONE is stored").isNotNegative();
            assertThat(history.subList(finalized + 1, history.size())).as("no mark stored after DONE").isEmpty();
        }
    }

    /** Sends {@code rounds} marks one at a time and counts the echoes of its own marks. */
    private static int mark(SocketClient socket, List<ApiClient.User> students, int rounds, int offset) {
        int echoed = 0;
        for (int i = 0; i < rounds; i++) {
            ApiClient.User student = students.get(i % students.size());
            String status = (i / 2 + offset) % 3 == 0 ? "absent" : "present";
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
            while (true) {
                JsonNode frame = socket.next();
                String event = frame.path("event").asText();
                if (event.equals("ERROR")) {
                    throw new AssertionError("mark refused: " + frame);
                }
                if (event.equals("ATTENDANCE_MARKED") && frame.path("data").path("studentId").asText()
                        .equals(student.id()) && frame.path("data").path("status").asText().equals(status)) {
                    echoed++;
                    break;
                }
            }
        }
        return echoed;
    }

    /** Each student's last mark in the class's event history. */
    private static Map<String, String> lastStoredStatus(String classId) {
        Map<String, String> last = new HashMap<>();
        for (Document event : markEvents(classId)) {
            String payload = event.get("serializedPayload").toString();
            String student = field(payload, "studentId");
            last.put(student, field(payload, "status").toLowerCase());
        }
        return last;
    }

    private static long storedMarks(String classId) {
        return markEvents(classId).size();
    }

    /** The simple names of the class's events, in the order stored. */
    private static List<String> classEvents(String classId) {
        try (MongoClient client = MongoClients.create(dbUrl)) {
            return client.getDatabase("rollcall").getCollection("domainevents")
                    .find(Filters.eq("aggregateIdentifier", classId)).sort(new Document("sequenceNumber", 1))
                    .map(e -> e.getString("payloadType").substring(e.getString("payloadType").lastIndexOf('.') + 1))
                    .into(new ArrayList<>());
        }
    }

    /** The class's marks by its teacher, in the order stored (DONE's automatic absences are not marks). */
    private static List<Document> markEvents(String classId) {
        try (MongoClient client = MongoClients.create(dbUrl)) {
            return client.getDatabase("rollcall").getCollection("domainevents")
                    .find(Filters.and(Filters.eq("aggregateIdentifier", classId),
                            Filters.regex("payloadType", "AttendanceMarked$"),
                            Filters.regex("serializedPayload", "TEACHER_MARK")))
                    .sort(new Document("sequenceNumber", 1))
                    .into(new ArrayList<>());
        }
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "rollcall.embedded-backend=memory",
                "rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
                "rollcall.throttle.signups-per-address=1000000/1m"));
        all.addAll(List.of(properties));
        // as command-line arguments: they win over application.properties, as the environment does
        return new SpringApplicationBuilder(RollcallApplication.class)
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
