package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.app.axon.CachingCommandTargetResolver;
import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.DriverCommands;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live path's database cost, counted at the driver: from a mark's frame to its echo the socket's thread
 * sends one command, the append of the event, and reads nothing; the live queries send none. (The views are
 * written afterwards by the projections' own threads, which this leaves out.) Nor does a mark look through its
 * command's class for the target aggregate.
 */
@RollcallTest
@Import(MarkHotPathTest.Recording.class)
class MarkHotPathTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        DriverCommands driverCommands() {
            return new DriverCommands();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DriverCommands driver;

    @Autowired
    CachingCommandTargetResolver targets;

    @Autowired
    RecentEventsStorage events;

    @Test
    void aMarkIsOneAppendAndNoReadUntilItsEcho() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Math", 2);
        ApiClient.User teacher = room.teacher();
        ApiClient.User ada = room.student(0);
        ApiClient.User bo = room.student(1);
        String classId = room.classId();
        api.start(teacher, classId);
        try (SocketClient t = SocketClient.connect(port, teacher.token());
             SocketClient s = SocketClient.connect(port, ada.token())) {
            long wakes = events.readerWakes();
            long commits = events.commitsAsked();
            long began = System.nanoTime();
            mark(t, ada, "absent"); // the first loads the class; from then on it stays loaded
            int lookups = targets.lookups();

            for (int i = 0; i < 10; i++) {
                ApiClient.User student = i % 2 == 0 ? ada : bo;
                String status = i % 3 == 0 ? "present" : "absent";
                List<DriverCommands.Sent> sent = onSocketThreads(driver.during(() -> mark(t, student, status)));

                assertThat(sent).as("mark %d", i)
                        .extracting(DriverCommands.Sent::command, DriverCommands.Sent::collection)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("insert", "domainevents"));
            }
            // a commit asks after its frames are out (the echo can come first)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events.commitsAsked() - commits)
                    .as("every mark's commit asks whether to wake the reader").isEqualTo(11));
            long lingers = (System.nanoTime() - began) / events.linger().toNanos();
            assertThat(events.readerWakes() - wakes).as("the processors' reader woken at most once per linger")
                    .isLessThanOrEqualTo(lingers + 1);
            assertThat(targets.resolvedTypes()).as("the aggregates' target resolver").contains(MarkAttendance.class);
            assertThat(targets.lookups()).as("no command class looked through again").isEqualTo(lookups);

            assertThat(onSocketThreads(driver.during(() -> {
                t.send("TODAY_SUMMARY", null);
                return t.next("TODAY_SUMMARY");
            }))).as("TODAY_SUMMARY").isEmpty();
            assertThat(onSocketThreads(driver.during(() -> {
                s.send("MY_ATTENDANCE", null);
                return s.next("MY_ATTENDANCE");
            }))).as("MY_ATTENDANCE").isEmpty();
        }
    }

    private static JsonNode mark(SocketClient teacher, ApiClient.User student, String status) {
        teacher.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
        JsonNode echo = teacher.next("ATTENDANCE_MARKED");
        assertThat(echo.path("data").path("studentId").asText()).isEqualTo(student.id());
        return echo;
    }

    /** Commands sent by the threads that serve sockets (the projections' own threads write the views later). */
    private static List<DriverCommands.Sent> onSocketThreads(List<DriverCommands.Sent> sent) {
        return sent.stream().filter(c -> c.thread().startsWith("http-nio")).toList();
    }
}
