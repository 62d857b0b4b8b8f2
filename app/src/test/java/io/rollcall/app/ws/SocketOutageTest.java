package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.ProxiedDatabaseTest;
import io.rollcall.app.support.RawSocket;
import io.rollcall.app.support.SocketClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.rollcall.app.ws.Live.assertMarked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MongoDB goes away under the sockets and comes back. Meanwhile a new handshake is refused with HTTP 503, and a
 * frame that needs the database is answered ERROR {@code "Service unavailable"} within 3 s while the socket stays
 * open; afterwards marks work again on the same socket, and every mark that was acknowledged (its broadcast came
 * back) is in the store.
 */
class SocketOutageTest extends ProxiedDatabaseTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final String UNAVAILABLE = "Service unavailable";

    @LocalServerPort
    int port;

    @Test
    void whileTheDatabaseIsCutHandshakesAre503AndFramesAreAnsweredServiceUnavailableOnAnOpenSocket() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Socket Outage", 1);
        Live.startSession(api, room.teacher(), room.classId());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            Live.mark(teacher, room.student(0), "present");
            assertMarked(teacher.next(), room.student(0), "present");
            assertMarked(student.next(), room.student(0), "present");

            DATABASE_LINE.cut();
            assertThatThrownBy(() -> timed(() -> RawSocket.connect(port, room.student(0).token())))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("503");

            for (int i = 0; i < 3; i++) {
                Live.mark(teacher, room.student(0), "absent");
                Live.assertError(timed(teacher::next), UNAVAILABLE, "a mark while the database is cut");
            }
            teacher.send("DONE", null);
            Live.assertError(timed(teacher::next), UNAVAILABLE, "DONE while the database is cut");
            assertThat(teacher.closed()).isNotDone();
            assertThat(student.closed()).isNotDone();

            DATABASE_LINE.restore();
            // the same socket works again, no restart; the refused marks and DONE changed nothing
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                teacher.send("TODAY_SUMMARY", null);
                JsonNode reply = teacher.next();
                return "TODAY_SUMMARY".equals(reply.path("event").asText());
            });
            assertMyAttendance(student, "present");
            Live.mark(teacher, room.student(0), "absent");
            assertMarked(teacher.next("ATTENDANCE_MARKED"), room.student(0), "absent");
            try (SocketClient late = SocketClient.connect(port, room.student(0).token())) {
                assertMyAttendance(late, "absent");
            }
        }
    }

    @Test
    void everyMarkAcknowledgedWhileTheLineIsCutAndRestoredIsStored() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Marks Under Outage", 3);
        Live.startSession(api, room.teacher(), room.classId());
        List<String> acknowledged = new ArrayList<>(); // "studentId status", in order
        int refused = 0;
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token())) {
            int i = 0;
            boolean cut = false;
            while (acknowledged.size() < 30 || refused < 3) {
                if (acknowledged.size() >= 10 && !cut) {
                    DATABASE_LINE.cut();
                    cut = true;
                }
                if (refused >= 3) {
                    DATABASE_LINE.restore();
                }
                ApiClient.User student = room.student(i % 3);
                String status = (i / 3) % 2 == 0 ? "present" : "absent";
                Live.mark(teacher, student, status);
                JsonNode reply = timed(teacher::next);
                if ("ATTENDANCE_MARKED".equals(reply.path("event").asText())) {
                    assertMarked(reply, student, status);
                    acknowledged.add(student.id() + " " + status);
                } else {
                    Live.assertError(reply, UNAVAILABLE, "a mark that was not acknowledged");
                    refused++;
                }
                i++;
                assertThat(i).as("marks sent").isLessThan(500);
            }
            assertThat(teacher.closed()).isNotDone();
        }
        // every acknowledged mark is in the audit trail, in order (a refused one may or may not be there)
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ApiClient.Reply audit = api.get("/class/" + room.classId() + "/audit?limit=500", room.teacher().token());
            assertThat(audit.status()).as("%s", audit.body()).isEqualTo(200);
            List<String> stored = new ArrayList<>();
            audit.data().path("entries").forEach(e -> stored.add(0,
                    e.path("studentId").asText() + " " + e.path("status").asText()));
            assertThat(isSubsequence(acknowledged, stored)).as("acknowledged %s within stored %s", acknowledged,
                    stored).isTrue();
        });
    }

    /** Skips the summaries the polling above may still have coming (they are coalesced, so some come later). */
    private static void assertMyAttendance(SocketClient student, String status) {
        student.send("MY_ATTENDANCE", null);
        assertThat(student.next("MY_ATTENDANCE").path("data").path("status").asText()).isEqualTo(status);
    }

    private static boolean isSubsequence(List<String> wanted, List<String> in) {
        int next = 0;
        for (String item : in) {
            if (next < wanted.size() && wanted.get(next).equals(item)) {
                next++;
            }
        }
        return next == wanted.size();
    }

    private static <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within %s", PROMPTLY)
                    .isLessThan(PROMPTLY);
        }
    }

}
