package io.rollcall.app;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One short school day end to end: proves the test support and the wiring work together. */
@RollcallTest
class SmokeTest {

    @LocalServerPort
    int port;

    @Test
    void aMarkReachesTheClassAndDonePersistsIt() {
        ApiClient api = new ApiClient(port);
        ApiClient.User teacher = api.signupAndLogin("Teacher", "teacher");
        ApiClient.User student = api.signupAndLogin("Student", "student");
        String classId = api.createClass(teacher, "Math");
        api.enrol(teacher, classId, student);
        assertThat(api.start(teacher, classId).status()).isEqualTo(200);

        try (SocketClient teacherSocket = SocketClient.connect(port, teacher.token());
             SocketClient studentSocket = SocketClient.connect(port, student.token())) {
            teacherSocket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", "present"));
            assertThat(studentSocket.next().path("data").path("status").asText()).isEqualTo("present");
            assertThat(teacherSocket.next("ATTENDANCE_MARKED").path("data").path("studentId").asText())
                    .isEqualTo(student.id());

            teacherSocket.send("DONE", null);
            assertThat(teacherSocket.next("DONE").path("data").path("present").asInt()).isEqualTo(1);
        }
        assertThat(api.get("/class/" + classId + "/my-attendance", student.token()).data().path("status").asText())
                .isEqualTo("present");
    }
}
