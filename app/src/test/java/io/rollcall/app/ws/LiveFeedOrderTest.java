package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live feed's order, with two teacher sockets racing: every socket of the room sees the frames in commit
 * order, so they all see the same sequence and end on the status last stored; nothing follows DONE.
 */
@RollcallTest
class LiveFeedOrderTest {

    private static final int MARKS = 30;

    @LocalServerPort
    int port;

    @Test
    void twoTeacherSocketsMarkingOneStudentLeaveEveryRoomSocketWithTheSameSequence() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Math", 2);
        ApiClient.User teacher = room.teacher();
        ApiClient.User ada = room.student(0);
        ApiClient.User bo = room.student(1);
        String classId = room.classId();
        api.start(teacher, classId);
        try (SocketClient first = SocketClient.connect(port, teacher.token());
             SocketClient second = SocketClient.connect(port, teacher.token());
             SocketClient adaSocket = SocketClient.connect(port, ada.token());
             SocketClient boSocket = SocketClient.connect(port, bo.token())) {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> markMany(first, ada, "present", "absent")),
                    CompletableFuture.runAsync(() -> markMany(second, ada, "absent", "present"))).join();

            List<List<String>> seen = new ArrayList<>();
            for (SocketClient socket : List.of(first, second, adaSocket, boSocket)) {
                seen.add(statuses(socket, 2 * MARKS));
            }

            assertThat(seen.get(0)).hasSize(2 * MARKS);
            assertThat(seen).allSatisfy(sequence -> assertThat(sequence).isEqualTo(seen.get(0)));
            adaSocket.send("MY_ATTENDANCE", null);
            assertThat(adaSocket.next("MY_ATTENDANCE").path("data").path("status").asText())
                    .as("the last frame is the stored status").isEqualTo(seen.get(0).get(2 * MARKS - 1));
        }
    }

    @Test
    void nothingOfASessionFollowsItsDoneWhileAnotherSocketKeepsMarking() {
        ApiClient api = new ApiClient(port);
        ApiClient.User teacher = api.signupAndLogin("Teacher", "teacher");
        ApiClient.User ada = api.signupAndLogin("Ada", "student");
        String classId = api.createClass(teacher, "Math");
        api.enrol(teacher, classId, ada);
        api.start(teacher, classId);
        try (SocketClient marking = SocketClient.connect(port, teacher.token());
             SocketClient closing = SocketClient.connect(port, teacher.token());
             SocketClient adaSocket = SocketClient.connect(port, ada.token())) {
            CompletableFuture<Void> marks = CompletableFuture.runAsync(() -> markMany(marking, ada, "present", "absent"));
            JsonNode firstEcho = marking.next("ATTENDANCE_MARKED"); // DONE goes out while marks are in flight
            closing.send("DONE", null);
            marks.join();

            // the marking socket gets a reply for each of its marks (an echo, or an error once the session is
            // closed) plus DONE
            List<JsonNode> frames = new ArrayList<>(List.of(firstEcho));
            while (frames.size() < MARKS + 1) {
                frames.add(marking.next());
            }
            int done = indexOf(frames, "DONE");
            assertThat(done).as("DONE reached the marking socket").isNotNegative();
            assertThat(frames.subList(done + 1, frames.size()))
                    .allSatisfy(f -> assertThat(f.path("event").asText()).isEqualTo("ERROR"));
            long accepted = frames.stream().filter(f -> f.path("event").asText().equals("ATTENDANCE_MARKED")).count();

            List<JsonNode> student = new ArrayList<>();
            while (student.isEmpty() || !student.get(student.size() - 1).path("event").asText().equals("DONE")) {
                student.add(adaSocket.next());
            }
            assertThat(student).as("the student's socket: every accepted mark, then DONE")
                    .hasSize((int) accepted + 1);
            adaSocket.assertNothingWithin(java.time.Duration.ofMillis(300));
        }
    }

    private static void markMany(SocketClient socket, ApiClient.User student, String even, String odd) {
        for (int i = 0; i < MARKS; i++) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", i % 2 == 0 ? even : odd));
        }
    }

    private static List<String> statuses(SocketClient socket, int count) {
        List<String> statuses = new ArrayList<>();
        while (statuses.size() < count) {
            statuses.add(socket.next("ATTENDANCE_MARKED").path("data").path("status").asText());
        }
        return statuses;
    }

    private static int indexOf(List<JsonNode> frames, String event) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).path("event").asText().equals(event)) {
                return i;
            }
        }
        return -1;
    }
}
