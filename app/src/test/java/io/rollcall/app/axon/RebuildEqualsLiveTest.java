package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding every projection from the event history yields exactly the documents the live projections hold:
 * a history with corrections, a superseded session, several sessions and two classes.
 */
@RollcallTest
class RebuildEqualsLiveTest {

    private static final List<String> READ_COLLECTIONS =
            List.of("users", "classes", "sessions", "class_sessions", "attendance",
                    "class_finalized_sessions", "audit", "audit_heads", "audit_positions", "analytics_sessions",
                    "analytics_classes");

    @LocalServerPort
    int port;

    @Autowired
    RebuildCommand rebuild;

    @Autowired
    MongoDatabase database;

    @Autowired
    ReadYourWrites views;

    @Test
    void aRebuildOfAllProjectionsEqualsTheLiveViews() {
        ApiClient api = new ApiClient(port);
        ApiClient.User teacher = api.signupAndLogin("Teacher", "teacher");
        ApiClient.User other = api.signupAndLogin("Other", "teacher");
        ApiClient.User alice = api.signupAndLogin("Alice", "student");
        ApiClient.User bob = api.signupAndLogin("Bob", "student");
        String math = api.createClass(teacher, "Math");
        String art = api.createClass(other, "Art");
        api.enrol(teacher, math, alice);
        api.enrol(teacher, math, bob);
        api.enrol(other, art, bob);
        try (SocketClient t = SocketClient.connect(port, teacher.token());
             SocketClient o = SocketClient.connect(port, other.token())) {
            api.start(teacher, math);
            t.markAndAwaitEcho(alice, "present");
            t.markAndAwaitEcho(alice, "absent"); // correction
            api.start(teacher, math); // supersedes
            t.markAndAwaitEcho(bob, "present");
            t.finishSession();
            api.start(other, art);
            o.markAndAwaitEcho(bob, "absent");
            o.finishSession();
            api.start(teacher, math); // left active
            t.markAndAwaitEcho(alice, "present");
        }

        views.await(); // the projections have handled every event so far
        Map<String, List<Document>> live = snapshot();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int code = rebuild.rebuild("all", new PrintStream(report, true, StandardCharsets.UTF_8));
        Map<String, List<Document>> rebuilt = snapshot();

        assertThat(code).isZero();
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("Rebuilt");
        assertThat(live.get("audit")).isNotEmpty();
        assertThat(live.get("sessions")).isNotEmpty();
        READ_COLLECTIONS.forEach(name -> assertThat(rebuilt.get(name)).as(name).isEqualTo(live.get(name)));

        // the live path still works on the rebuilt views
        try (SocketClient t = SocketClient.connect(port, teacher.token())) {
            t.send("TODAY_SUMMARY", null);
            assertThat(t.next("TODAY_SUMMARY").path("data").path("present").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownProjectionNameIsRefused() {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        assertThat(rebuild.rebuild("nope", new PrintStream(report, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("Unknown projection 'nope'").contains("audit");
    }

    private Map<String, List<Document>> snapshot() {
        Map<String, List<Document>> all = new LinkedHashMap<>();
        READ_COLLECTIONS.forEach(name -> all.put(name, database.getCollection(name).find()
                .sort(new Document("_id", 1)).into(new ArrayList<>())));
        return all;
    }


}
