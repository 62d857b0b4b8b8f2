package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild fills copies of the views beside the live ones: while it runs every view still answers, and what
 * is marked meanwhile, even after the rebuild has read the whole store once, is in the rebuilt views.
 */
@RollcallTest
class RebuildWhileServingTest {

    @LocalServerPort
    int port;

    @Autowired
    ProjectionRebuilds rebuilds;

    @Autowired
    MongoDatabase database;

    @Test
    void theViewsKeepAnsweringDuringARebuildAndNothingMarkedMeanwhileIsLost() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "History", 2);
        ApiClient.User teacher = room.teacher();
        ApiClient.User alice = room.student(0);
        ApiClient.User bob = room.student(1);
        String classId = room.classId();
        String activeSession;
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            api.start(teacher, classId);
            socket.markAndAwaitEcho(alice, "present");
            socket.finishSession();
            activeSession = api.start(teacher, classId).data().path("sessionId").asText();
            socket.markAndAwaitEcho(alice, "present");
        }

        AtomicBoolean checkedWhileCatchingUp = new AtomicBoolean();
        boolean done = rebuilds.rebuildNow(rebuilds.resolve("all"), new ProjectionRebuilds.Listener() {
            @Override
            public void progress(long processed, long total, double eventsPerSecond) {
            }

            /** The long pass has read the whole store; the copies are not swapped in yet. */
            @Override
            public void catchingUp() {
                checkedWhileCatchingUp.set(true);
                ApiClient.Reply view = api.get("/class/" + classId, teacher.token());
                assertThat(view.status()).isEqualTo(200);
                assertThat(view.data().path("students")).hasSize(2);
                assertThat(api.get("/class/" + classId + "/my-attendance", alice.token()).data()
                        .path("status").asText()).isEqualTo("present");
                try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
                    socket.markAndAwaitEcho(bob, "absent"); // stored after the long pass read the store
                    socket.send("TODAY_SUMMARY", null);
                    assertThat(socket.next("TODAY_SUMMARY").path("data").path("total").asInt()).isEqualTo(2);
                }
            }
        });

        assertThat(done).isTrue();
        assertThat(checkedWhileCatchingUp).isTrue();
        // the mark made during the rebuild is in the rebuilt views
        Document session = database.getCollection("sessions")
                .find(Filters.eq("_id", new ObjectId(activeSession))).first();
        assertThat(session).isNotNull();
        assertThat(session.get("marks", Document.class))
                .containsEntry(alice.id(), "present").containsEntry(bob.id(), "absent");
        assertThat(database.getCollection("audit").countDocuments(Filters.and(
                Filters.eq("sessionId", new ObjectId(activeSession)),
                Filters.eq("studentId", new ObjectId(bob.id()))))).isEqualTo(1);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("TODAY_SUMMARY", null);
            assertThat(socket.next("TODAY_SUMMARY").path("data").path("absent").asInt()).isEqualTo(1);
        }
        List<String> collections = database.listCollectionNames().into(new ArrayList<>());
        assertThat(collections).noneMatch(name -> name.endsWith(ShadowProjection.SUFFIX));
    }


}
