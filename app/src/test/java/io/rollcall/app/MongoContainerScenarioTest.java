package io.rollcall.app;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import io.rollcall.query.ReadModelIndexes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core scenario against a real MongoDB 7 (a single-node replica set, as docker-compose.yml runs it), not
 * the embedded wire-protocol server the other tests use: signup, class, add-student, start, marks over the
 * WebSocket, DONE, my-attendance; then a restart on the same database, where the finalized attendance is still
 * readable, tokens and logins still work, and the class's aggregate (rebuilt from the event store) takes a new
 * session. And on MongoDB proper, every read of the views uses an index. Skipped, not failed, where no Docker
 * engine is available.
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

    /**
     * The two reads not by {@code _id} (the students list, the active sessions loaded at start) use the indexes
     * {@link ReadModelIndexes} creates at start; the history reads, by {@code _id} or {@code _id $in}, use the
     * {@code _id} index. None scans a collection.
     */
    @Test
    void everyReadOfTheViewsUsesAnIndex() {
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = new ApiClient(port(app));
            ApiClient.User teacher = api.signupAndLogin("Indexed Teacher", "teacher");
            ApiClient.User student = api.signupAndLogin("Indexed Student", "student");
            String classId = api.createClass(teacher, "Indexes");
            api.enrol(teacher, classId, student);
            String sessionId = api.start(teacher, classId).data().path("sessionId").asText();
            try (SocketClient socket = SocketClient.connect(port(app), teacher.token())) {
                socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", "present"));
                socket.next("ATTENDANCE_MARKED");
                socket.send("DONE", null); // every view now has its collection (explain plans an absent one as EOF)
                socket.next("DONE");
            }
            MongoDatabase database = app.getBean(MongoDatabase.class);

            List<Document> notById = List.of(
                    explain(database, "users", Filters.eq("role", "student")),
                    explain(database, "sessions", Filters.eq("state", "active")));
            assertThat(notById).hasSameSizeAs(ReadModelIndexes.INDEXES);
            notById.forEach(plan -> assertThat(plan.toJson()).contains("IXSCAN").doesNotContain("COLLSCAN"));

            ObjectId classKey = new ObjectId(classId);
            for (Document plan : List.of(
                    explain(database, "classes", Filters.eq("_id", classKey)),
                    explain(database, "class_sessions", Filters.eq("_id", classKey)),
                    explain(database, "class_finalized_sessions", Filters.eq("_id", classKey)),
                    explain(database, "analytics_classes", Filters.eq("_id", classKey)),
                    explain(database, "audit_heads", Filters.eq("_id", classKey)),
                    explain(database, "sessions", Filters.in("_id", List.of(new ObjectId(sessionId)))),
                    explain(database, "attendance", Filters.in("_id", List.of(new ObjectId(), new ObjectId()))),
                    explain(database, "analytics_sessions", Filters.in("_id", List.of(new ObjectId()))),
                    explain(database, "audit", Filters.in("_id", List.of(new ObjectId(), new ObjectId()))),
                    explain(database, "audit_positions", Filters.in("_id", List.of(new ObjectId()))),
                    explain(database, "users", Filters.in("_id", List.of(new ObjectId(student.id())))))) {
                // _id equality is IDHACK (or EXPRESS on MongoDB 8), $in an IXSCAN of the _id index
                assertThat(plan.toJson()).containsAnyOf("IXSCAN", "IDHACK", "EXPRESS").doesNotContain("COLLSCAN");
            }
        }
    }

    /** The winning plan of a find with this filter. */
    private static Document explain(MongoDatabase database, String collection, Bson filter) {
        return database.getCollection(collection).find(filter).explain()
                .get("queryPlanner", Document.class).get("winningPlan", Document.class);
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
