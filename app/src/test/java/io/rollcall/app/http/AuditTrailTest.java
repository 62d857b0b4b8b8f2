package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /class/:id/audit: every mark (corrections, a superseded session, DONE's automatic absences) newest
 * first with who, when, how and the previous status; owner only; paging and filters.
 */
@RollcallTest
class AuditTrailTest {

    @LocalServerPort
    int port;

    ApiClient api;
    ApiClient.User teacher;
    ApiClient.User alice;
    ApiClient.User bob;
    String classId;
    String firstSession;
    String secondSession;

    @BeforeEach
    void aDayWithACorrectionASupersededSessionAndDone() {
        api = new ApiClient(port);
        teacher = api.signupAndLogin("Teacher", "teacher");
        alice = api.signupAndLogin("Alice", "student");
        bob = api.signupAndLogin("Bob", "student");
        classId = api.createClass(teacher, "Biology");
        api.enrol(teacher, classId, alice);
        api.enrol(teacher, classId, bob);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            firstSession = api.start(teacher, classId).data().path("sessionId").asText();
            mark(socket, alice, "present");
            mark(socket, alice, "absent"); // a correction
            secondSession = api.start(teacher, classId).data().path("sessionId").asText(); // supersedes
            mark(socket, bob, "present");
            socket.send("DONE", null);
            socket.next("DONE"); // alice becomes absent automatically
        }
    }

    @Test
    void everyMarkIsListedNewestFirstWithWhoWhenHowAndBefore() {
        ApiClient.Reply reply = api.get("/class/" + classId + "/audit", teacher.token());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode entries = reply.data().path("entries");
        assertThat(entries).hasSize(4);

        assertEntry(entries.get(0), secondSession, alice, "absent", null, "auto-absent-at-finalize");
        assertEntry(entries.get(1), secondSession, bob, "present", null, "teacher-mark");
        assertEntry(entries.get(2), firstSession, alice, "absent", "present", "teacher-mark");
        assertEntry(entries.get(3), firstSession, alice, "present", null, "teacher-mark");
        entries.forEach(e -> {
            assertThat(e.path("markedBy").asText()).isEqualTo(teacher.id());
            assertThat(e.path("classId").asText()).isEqualTo(classId);
            assertThat(e.path("markedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        });
        assertThat(reply.data().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/class/" + classId + "/audit?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
            ApiClient.Reply reply = api.get(path, teacher.token());
            assertThat(reply.status()).isEqualTo(200);
            reply.data().path("entries").forEach(e -> seen.add(e.path("sessionId").asText() + "/"
                    + e.path("studentId").asText() + "/" + e.path("status").asText() + "/" + e.path("how").asText()));
            cursor = reply.data().path("nextCursor").isNull() ? null : reply.data().path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void filtersByStudentAndBySession() {
        JsonNode aliceOnly = api.get("/class/" + classId + "/audit?studentId=" + alice.id(), teacher.token())
                .data().path("entries");
        assertThat(aliceOnly).hasSize(3);
        aliceOnly.forEach(e -> assertThat(e.path("studentId").asText()).isEqualTo(alice.id()));

        JsonNode firstOnly = api.get("/class/" + classId + "/audit?sessionId=" + firstSession, teacher.token())
                .data().path("entries");
        assertThat(firstOnly).hasSize(2);
        firstOnly.forEach(e -> assertThat(e.path("sessionId").asText()).isEqualTo(firstSession));

        assertThat(api.get("/class/" + classId + "/audit?studentId=nobody", teacher.token()).data()
                .path("entries")).isEmpty();
    }

    @Test
    void onlyTheOwningTeacherMayReadIt() {
        ApiClient.User other = api.signupAndLogin("Other", "teacher");
        assertError(api.get("/class/" + classId + "/audit", other.token()), 403, "Forbidden, not class teacher");
        assertError(api.get("/class/" + classId + "/audit", alice.token()), 403, "Forbidden, teacher access required");
        assertError(api.get("/class/" + classId + "/audit", null), 401, "Unauthorized, token missing or invalid");
        assertError(api.get("/class/0123456789abcdef01234567/audit", teacher.token()), 404, "Class not found");
    }

    @Test
    void badPagingIsAnInvalidRequest() {
        for (String query : List.of("limit=0", "limit=501", "limit=ten", "limit=-1", "limit=+5", "limit=0050", "cursor=garbage",
                "cursor=YTE6LTE")) {
            assertError(api.get("/class/" + classId + "/audit?" + query, teacher.token()), 400,
                    "Invalid request schema");
        }
        assertThat(api.get("/class/" + classId + "/audit?limit=500", teacher.token()).status()).isEqualTo(200);
    }

    private void mark(SocketClient socket, ApiClient.User student, String status) {
        socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
        socket.next("ATTENDANCE_MARKED");
    }

    private static void assertEntry(JsonNode entry, String sessionId, ApiClient.User student, String status,
                                    String previous, String how) {
        assertThat(entry.path("sessionId").asText()).isEqualTo(sessionId);
        assertThat(entry.path("studentId").asText()).isEqualTo(student.id());
        assertThat(entry.path("status").asText()).isEqualTo(status);
        if (previous == null) {
            assertThat(entry.path("previousStatus").isNull()).isTrue();
        } else {
            assertThat(entry.path("previousStatus").asText()).isEqualTo(previous);
        }
        assertThat(entry.path("how").asText()).isEqualTo(how);
    }

    private static void assertError(ApiClient.Reply reply, int status, String error) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.success()).isFalse();
        assertThat(reply.error()).isEqualTo(error);
    }
}
