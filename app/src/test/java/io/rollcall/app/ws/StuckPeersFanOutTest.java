package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.HardenedSocketTest;
import io.rollcall.app.support.RawSocket;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twenty peers in a class stop reading (real sockets with a 1 KiB receive buffer, behind server send buffers of
 * 4 KiB, so their writes block after a hundred frames or so) while two hundred healthy peers of the same class
 * keep receiving every mark, in order. With writes that held a sender thread until the send timeout (60 s in
 * this context), the eight senders would sit on stuck peers and the healthy ones would wait.
 */
@HardenedSocketTest
class StuckPeersFanOutTest {

    private static final int HEALTHY_USERS = 20;
    private static final int STUCK_USERS = 2;
    private static final int MARKS = 300;

    @LocalServerPort
    int port;

    @Test
    void twentyPeersThatNeverReadCannotStallTwoHundredHealthyOnes() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Stuck Peers", HEALTHY_USERS + STUCK_USERS);
        Live.startSession(api, room.teacher(), room.classId());
        int perUser = HardenedSocketTest.SOCKETS_PER_USER;
        List<SocketClient> healthy = new ArrayList<>();
        List<RawSocket> stuck = new ArrayList<>();
        List<SocketClient> teachers = new ArrayList<>();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int u = 0; u < HEALTHY_USERS; u++) {
                for (int s = 0; s < perUser; s++) {
                    healthy.add(SocketClient.connect(port, room.student(u).token()));
                }
            }
            for (int u = HEALTHY_USERS; u < HEALTHY_USERS + STUCK_USERS; u++) {
                for (int s = 0; s < perUser; s++) {
                    stuck.add(RawSocket.connect(port, room.student(u).token(), 1024));
                }
            }
            // they never read, but they send heartbeats (unsolicited pongs), so the idle timeout leaves them open
            heartbeats.scheduleWithFixedDelay(() -> stuck.forEach(RawSocket::heartbeat), 0, 200,
                    TimeUnit.MILLISECONDS);
            // the teacher's marks come from several sockets: each socket's own rate is 40 frames a minute
            for (int s = 0; s < perUser; s++) {
                teachers.add(SocketClient.connect(port, room.teacher().token()));
            }
            // every socket is in the room before the first mark: each answers a request of its own
            healthy.forEach(socket -> {
                socket.send("MY_ATTENDANCE", null);
                assertThat(socket.next("MY_ATTENDANCE").path("data").path("status").asText())
                        .isEqualTo("not yet updated");
            });

            List<String> plan = new ArrayList<>();
            for (int i = 0; i < MARKS; i++) {
                ApiClient.User student = room.student(i % HEALTHY_USERS);
                String status = (i / HEALTHY_USERS) % 2 == 0 ? "present" : "absent";
                SocketClient teacher = teachers.get(i % teachers.size());
                Live.mark(teacher, student, status);
                awaitEcho(teacher, student, status);
                plan.add(student.id() + " " + status);
            }

            for (SocketClient socket : healthy) {
                for (String expected : plan) {
                    JsonNode frame = socket.next("ATTENDANCE_MARKED");
                    assertThat(frame.path("data").path("studentId").asText() + " "
                            + frame.path("data").path("status").asText()).isEqualTo(expected);
                }
                assertThat(socket.closed()).isNotDone();
            }
        } finally {
            heartbeats.shutdownNow();
            stuck.forEach(RawSocket::close);
            healthy.forEach(SocketClient::close);
            teachers.forEach(SocketClient::close);
        }
    }

    /**
     * The mark's broadcast on the socket that sent it; every teacher socket also has the marks the others sent
     * since it last read (fewer than the 40 marks after which a student's mark repeats).
     */
    private static void awaitEcho(SocketClient teacher, ApiClient.User student, String status) {
        while (true) {
            JsonNode data = teacher.next("ATTENDANCE_MARKED").path("data");
            if (student.id().equals(data.path("studentId").asText()) && status.equals(data.path("status").asText())) {
                return;
            }
        }
    }
}
