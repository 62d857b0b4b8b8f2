package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes to the views that fail (the database refuses them) are retried by the projections until they land,
 * without a restart, and the views then equal a fresh rebuild from the event history. The marks themselves
 * (the appends) never fail: the live path does not wait for the views.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
        "rollcall.ws.messages-per-socket=100000/1s"})
class FailingWritesConvergeTest {

    private static final List<String> READ_COLLECTIONS =
            List.of("users", "classes", "sessions", "class_sessions", "attendance",
                    "class_finalized_sessions", "audit", "audit_heads", "audit_positions", "analytics_sessions",
                    "analytics_classes");
    private static final FailingBackend BACKEND = new FailingBackend();
    private static final MongoServer SERVER = new MongoServer(BACKEND);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        SERVER.bind("127.0.0.1", 0);
        properties.add("rollcall.db-url", () -> "mongodb://127.0.0.1:" + SERVER.getLocalAddress().getPort() + "/rollcall");
    }

    @AfterAll
    static void stopDatabase() {
        SERVER.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    RebuildCommand rebuild;

    @Autowired
    ReadYourWrites views;

    @Autowired
    MongoDatabase database;

    @Test
    void failedViewWritesAreRetriedUntilTheViewsEqualARebuild() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Math", 2);
        ApiClient.User teacher = room.teacher();
        ApiClient.User alice = room.student(0);
        ApiClient.User bob = room.student(1);
        String math = room.classId();
        int failedBefore = BACKEND.failed.get();
        try (SocketClient t = SocketClient.connect(port, teacher.token())) {
            api.start(teacher, math);
            BACKEND.failNextViewWrites(4);
            t.markAndAwaitEcho(alice, "present");
            t.markAndAwaitEcho(bob, "absent");
            t.markAndAwaitEcho(alice, "absent");
            t.send("DONE", null);
            t.next("DONE");
        }
        await().until(() -> BACKEND.failed.get() == failedBefore + 4);

        await().atMost(java.time.Duration.ofSeconds(30)).until(views::isCaughtUp); // the retries have landed
        Map<String, List<org.bson.Document>> live = snapshot();
        assertThat(live.get("audit")).hasSize(3);
        assertThat(live.get("attendance")).hasSize(2);
        int code = rebuild.rebuild("all", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        Map<String, List<org.bson.Document>> rebuilt = snapshot();
        READ_COLLECTIONS.forEach(name -> assertThat(live.get(name)).as(name).isEqualTo(rebuilt.get(name)));
        assertThat(api.get("/class/" + math + "/my-attendance", alice.token()).data().path("status").asText())
                .isEqualTo("absent");
    }

    /**
     * The projections cannot write while more events are appended than the event store keeps for processors at
     * its head ({@link AxonConfig#CACHED_EVENTS}): once writes land again they read the events they missed from
     * the store's memory instead, and still converge on every event.
     */
    @Test
    void projectionsHeldBackBeyondTheEventStoresCacheCatchUpWithEveryEvent() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "History", 2);
        ApiClient.User teacher = room.teacher();
        String history = room.classId();
        int marks = 2 * AxonConfig.CACHED_EVENTS + 100;
        try (SocketClient t = SocketClient.connect(port, teacher.token())) {
            api.start(teacher, history);
            await().atMost(java.time.Duration.ofSeconds(30)).until(views::isCaughtUp);
            BACKEND.refuseViewWrites();
            for (int i = 0; i < marks; i++) {
                t.markAndAwaitEcho(room.student(i % 2), i % 3 == 0 ? "absent" : "present");
            }
            assertThat(views.isCaughtUp()).as("the views are behind while their writes are refused").isFalse();
            BACKEND.failNextViewWrites(0);
            t.send("DONE", null);
            t.next("DONE");
        }

        await().atMost(java.time.Duration.ofSeconds(120)).until(views::isCaughtUp);
        Map<String, List<org.bson.Document>> live = snapshot();
        int code = rebuild.rebuild("all", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        Map<String, List<org.bson.Document>> rebuilt = snapshot();
        READ_COLLECTIONS.forEach(name -> assertThat(live.get(name)).as(name).isEqualTo(rebuilt.get(name)));
        String lastStatus = (marks - 1) % 3 == 0 ? "absent" : "present";
        assertThat(api.get("/class/" + history + "/my-attendance", room.student((marks - 1) % 2).token()).data()
                .path("status").asText()).isEqualTo(lastStatus);
    }

    private Map<String, List<org.bson.Document>> snapshot() {
        Map<String, List<org.bson.Document>> all = new LinkedHashMap<>();
        READ_COLLECTIONS.forEach(name -> all.put(name, database.getCollection(name).find()
                .sort(new org.bson.Document("_id", 1)).into(new ArrayList<>())));
        return all;
    }


    /** An in-memory MongoDB that refuses the next N writes to a view (never to the event store). */
    static final class FailingBackend extends MemoryBackend {

        private static final Set<String> WRITES = Set.of("insert", "update", "delete");
        private final AtomicInteger toFail = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        void failNextViewWrites(int count) {
            toFail.set(count);
        }

        /** Every view write fails until {@link #failNextViewWrites} sets a count again. */
        void refuseViewWrites() {
            toFail.set(Integer.MAX_VALUE);
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (WRITES.contains(command) && READ_COLLECTIONS.contains(String.valueOf(query.get(command)))
                    && toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failed.incrementAndGet();
                throw new MongoServerException("injected failure of a view write");
            }
            return super.handleCommand(channel, databaseName, command, query);
        }
    }
}
