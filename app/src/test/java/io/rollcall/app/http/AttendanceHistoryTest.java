package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Session history for the owning teacher and a student's own history, with the contract's access rules. */
@RollcallTest
class AttendanceHistoryTest {

    @LocalServerPort
    int port;

    ApiClient api;
    ApiClient.User teacher;
    ApiClient.User alice;
    ApiClient.User bob;
    String classId;
    String finalizedFirst;
    String superseded;
    String finalizedLast;
    String active;

    @BeforeEach
    void threeSessionsAndAnActiveOne() {
        api = new ApiClient(port);
        teacher = api.signupAndLogin("Teacher", "teacher");
        alice = api.signupAndLogin("Alice", "student");
        bob = api.signupAndLogin("Bob", "student");
        classId = api.createClass(teacher, "Art");
        api.enrol(teacher, classId, alice);
        api.enrol(teacher, classId, bob);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            finalizedFirst = start();
            socket.markAndAwaitEcho(alice, "present");
            socket.finishSession(); // bob absent automatically
            superseded = start();
            socket.markAndAwaitEcho(bob, "present");
            finalizedLast = start(); // supersedes the previous one
            socket.markAndAwaitEcho(alice, "absent");
            socket.markAndAwaitEcho(bob, "present");
            socket.finishSession();
            active = start();
            socket.markAndAwaitEcho(alice, "present");
        }
    }

    @Test
    void theTeacherSeesEverySessionNewestFirstWithItsStateAndCounts() {
        ApiClient.Reply reply = api.get("/class/" + classId + "/sessions", teacher.token());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode sessions = reply.data();
        assertThat(sessions).hasSize(4);
        assertSession(sessions.get(0), active, "active", 1, 0);
        assertThat(sessions.get(0).path("endedAt").isNull()).isTrue();
        assertSession(sessions.get(1), finalizedLast, "finalized", 1, 1);
        assertSession(sessions.get(2), superseded, "superseded", 1, 0);
        assertThat(sessions.get(2).path("supersededBy").asText()).isEqualTo(finalizedLast);
        assertSession(sessions.get(3), finalizedFirst, "finalized", 1, 1);
        assertThat(sessions.get(3).path("startedAt").asText()).matches("\\d{4}-.*\\.\\d{3}Z");
    }

    @Test
    void oneSessionListsEveryStudentsStatusWithNames() {
        ApiClient.Reply reply = api.get("/class/" + classId + "/sessions/" + finalizedFirst, teacher.token());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode students = reply.data().path("students");
        assertThat(students).hasSize(2);
        assertThat(students.get(0).path("name").asText()).isEqualTo("Alice");
        assertThat(students.get(0).path("status").asText()).isEqualTo("present");
        assertThat(students.get(1).path("_id").asText()).isEqualTo(bob.id());
        assertThat(students.get(1).path("status").asText()).isEqualTo("absent");

        ApiClient.Reply unknown = api.get("/class/" + classId + "/sessions/0123456789abcdef01234567", teacher.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("Session not found");
    }

    @Test
    void aStudentSeesTheirOwnStatusInEveryFinalizedSession() {
        ApiClient.Reply reply = api.get("/class/" + classId + "/my-attendance/history", alice.token());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data()).hasSize(2);
        assertThat(reply.data().get(0).path("sessionId").asText()).isEqualTo(finalizedLast);
        assertThat(reply.data().get(0).path("status").asText()).isEqualTo("absent");
        assertThat(reply.data().get(1).path("sessionId").asText()).isEqualTo(finalizedFirst);
        assertThat(reply.data().get(1).path("status").asText()).isEqualTo("present");
    }

    @Test
    void theSpreadsheetHasARowPerStudentAColumnPerFinalizedSessionAndTheRate() throws Exception {
        ApiClient.User eve = api.signupAndLogin("=Eve, \"the late\"", "student"); // enrolled after the sessions
        api.enrol(teacher, classId, eve);

        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/class/" + classId + "/attendance.csv"))
                        .header("Authorization", teacher.token()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(response.body()).contains("\r\n");

        java.util.List<java.util.List<String>> rows = parseCsv(response.body());
        assertThat(rows).hasSize(4); // header + alice, bob, eve
        assertThat(rows.get(0)).hasSize(6); // studentId, name, email, two finalized sessions, rate
        assertThat(rows.get(0).get(0)).isEqualTo("studentId");
        assertThat(rows.get(0).get(5)).isEqualTo("attendanceRate");
        assertThat(rows.get(1)).containsExactly(alice.id(), "Alice", alice.email(), "present", "absent", "0.50");
        assertThat(rows.get(2)).containsExactly(bob.id(), "Bob", bob.email(), "absent", "present", "0.50");
        assertThat(rows.get(3)).containsExactly(eve.id(), "'=Eve, \"the late\"", eve.email(), "", "", "");
    }

    @Test
    void analyticsGiveRatesSessionRatiosStreaksAndTheStudentsBelowAThreshold() {
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("DONE", null); // finalize the active session: alice present, bob absent
            socket.next("DONE");
        }
        ApiClient.Reply reply = api.get("/class/" + classId + "/analytics", teacher.token());
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.path("finalizedSessions").asInt()).isEqualTo(3);
        JsonNode sessions = data.path("sessions");
        assertThat(sessions).hasSize(3);
        assertThat(sessions.get(0).path("sessionId").asText()).isEqualTo(finalizedFirst);
        assertThat(sessions.get(0).path("presentRatio").asDouble()).isEqualTo(0.5);
        // alice: present, absent, present; bob: absent, present, absent
        JsonNode aliceFigures = student(data, alice);
        assertThat(aliceFigures.path("rate").asDouble()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(aliceFigures.path("currentAbsenceStreak").asInt()).isZero();
        JsonNode bobFigures = student(data, bob);
        assertThat(bobFigures.path("rate").asDouble()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(bobFigures.path("currentAbsenceStreak").asInt()).isEqualTo(1);

        JsonNode below = api.get("/class/" + classId + "/analytics?below=0.5", teacher.token()).data().path("students");
        assertThat(below).hasSize(1);
        assertThat(below.get(0).path("studentId").asText()).isEqualTo(bob.id());
        assertError(api.get("/class/" + classId + "/analytics?below=2", teacher.token()), 400, "Invalid request schema");
        assertError(api.get("/class/" + classId + "/analytics?below=x", teacher.token()), 400, "Invalid request schema");
        assertError(api.get("/class/" + classId + "/analytics", alice.token()), 403, "Forbidden, teacher access required");
    }

    private static JsonNode student(JsonNode analytics, ApiClient.User student) {
        for (JsonNode figures : analytics.path("students")) {
            if (figures.path("studentId").asText().equals(student.id())) {
                return figures;
            }
        }
        throw new AssertionError("no figures for " + student.id());
    }

    /** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
    private static java.util.List<java.util.List<String>> parseCsv(String text) {
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        java.util.List<String> row = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new java.util.ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }

    @Test
    void aClassIdTypedInUpperCaseNamesTheSameClassAndIsAnsweredInLowerCase() {
        String upper = classId.toUpperCase(java.util.Locale.ROOT);
        assertThat(api.get("/class/" + upper + "/analytics", teacher.token()).data().path("classId").asText())
                .isEqualTo(classId);
        // a lookup through the upper-case spelling must not leave a stale copy of the class behind
        assertThat(api.get("/class/" + upper + "/my-attendance/history", alice.token()).status()).isEqualTo(200);
        ApiClient.User late = api.signupAndLogin("Late", "student");
        api.enrol(teacher, classId, late);
        ApiClient.Reply history = api.get("/class/" + upper + "/my-attendance/history", late.token());
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.data()).isEmpty();
    }

    @Test
    void aThresholdMustBeAPlainDecimalBetweenZeroAndOne() {
        for (String below : java.util.List.of("0x1p-1", "5e-1", "+0.5", "-0", "1.5", "NaN", "", "0.5.1")) {
            assertError(api.get("/class/" + classId + "/analytics?below=" + below, teacher.token()), 400,
                    "Invalid request schema");
        }
        for (String below : java.util.List.of("0", "1", ".5", "0.75", "1.0")) {
            assertThat(api.get("/class/" + classId + "/analytics?below=" + below, teacher.token()).status())
                    .as(below).isEqualTo(200);
        }
    }

    @Test
    void accessFollowsTheContractsRules() {
        ApiClient.User other = api.signupAndLogin("Other", "teacher");
        ApiClient.User outsider = api.signupAndLogin("Outsider", "student");
        assertError(api.get("/class/" + classId + "/sessions", other.token()), 403, "Forbidden, not class teacher");
        assertError(api.get("/class/" + classId + "/sessions", alice.token()), 403, "Forbidden, teacher access required");
        assertError(api.get("/class/" + classId + "/sessions/" + active, other.token()), 403,
                "Forbidden, not class teacher");
        assertError(api.get("/class/" + classId + "/my-attendance/history", teacher.token()), 403,
                "Forbidden, student access required");
        assertError(api.get("/class/" + classId + "/my-attendance/history", outsider.token()), 403,
                "Forbidden, not enrolled in class");
        assertError(api.get("/class/nope/sessions", teacher.token()), 404, "Class not found");
        assertError(api.get("/class/" + classId + "/attendance.csv", other.token()), 403,
                "Forbidden, not class teacher");
        assertError(api.get("/class/" + classId + "/attendance.csv", alice.token()), 403,
                "Forbidden, teacher access required");
        assertError(api.get("/class/" + classId + "/sessions", null), 401, "Unauthorized, token missing or invalid");
    }

    private String start() {
        return api.start(teacher, classId).data().path("sessionId").asText();
    }

    private void mark(SocketClient socket, ApiClient.User student, String status) {
        socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
        socket.next("ATTENDANCE_MARKED");
    }


    private static void assertSession(JsonNode session, String id, String state, int present, int absent) {
        assertThat(session.path("sessionId").asText()).isEqualTo(id);
        assertThat(session.path("state").asText()).isEqualTo(state);
        assertThat(session.path("present").asInt()).isEqualTo(present);
        assertThat(session.path("absent").asInt()).isEqualTo(absent);
        assertThat(session.path("total").asInt()).isEqualTo(present + absent);
    }

    private static void assertError(ApiClient.Reply reply, int status, String error) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.error()).isEqualTo(error);
    }
}
