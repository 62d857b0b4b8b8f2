package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared vocabulary of the WebSocket end-to-end tests: error strings, sending, and asserting frames (the class
 * they play in is a {@link io.rollcall.app.support.Classroom}).
 *
 * <p>Absence is proven without waiting: {@link #assertReceivedNothing} makes the socket ask something only it gets
 * an answer to ({@code Unknown event}), and requires that answer to be its very next frame. Every socket's frames
 * leave in the order the server queued them, so anything the server had sent it before (a leaked broadcast, another
 * user's reply) would show up first. Callers make sure the request that could have leaked has been fully handled
 * first (its sender got a later reply, or every intended receiver got the broadcast).
 */
final class Live {

    static final String TEACHER_ONLY = "Forbidden, teacher event only";
    static final String STUDENT_ONLY = "Forbidden, student event only";
    static final String NO_SESSION = "No active attendance session";
    static final String UNKNOWN_EVENT = "Unknown event";
    static final String INVALID_FORMAT = "Invalid message format";
    static final String INVALID_SCHEMA = "Invalid request schema";
    static final String NOT_ENROLLED = "Student not enrolled in class";
    static final String UNAUTHORIZED = "Unauthorized or invalid token";

    private Live() {
    }

    static String startSession(ApiClient api, ApiClient.User teacher, String classId) {
        ApiClient.Reply reply = api.start(teacher, classId);
        assertThat(reply.status()).as("start %s: %s", classId, reply.body()).isEqualTo(200);
        return reply.data().path("startedAt").asText();
    }

    // ---- sending ----

    static void mark(SocketClient teacher, ApiClient.User student, String status) {
        teacher.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
    }

    // ---- frames ----

    /** The frame's data, after checking it is the given event. */
    static JsonNode assertEvent(JsonNode frame, String event) {
        assertThat(frame.path("event").asText()).as("event of %s", frame).isEqualTo(event);
        assertThat(frame.path("data").isObject()).as("data of %s", frame).isTrue();
        return frame.path("data");
    }

    static void assertError(JsonNode frame, String message) {
        assertError(frame, message, "error");
    }

    /** {@code context} says what the error answers, for the failure message. */
    static void assertError(JsonNode frame, String message, String context) {
        assertThat(assertEvent(frame, "ERROR").path("message").asText()).as("%s: message of %s", context, frame)
                .isEqualTo(message);
    }

    static void assertNextError(SocketClient socket, String message) {
        assertError(socket.next(), message);
    }

    static void assertMarked(JsonNode frame, ApiClient.User student, String status) {
        JsonNode data = assertEvent(frame, "ATTENDANCE_MARKED");
        assertThat(data.path("studentId").asText()).as("studentId of %s", frame).isEqualTo(student.id());
        assertThat(data.path("status").asText()).as("status of %s", frame).isEqualTo(status);
    }

    /** Every socket's next frame is this mark broadcast. */
    static void assertAllMarked(List<SocketClient> sockets, ApiClient.User student, String status) {
        sockets.forEach(socket -> assertMarked(socket.next(), student, status));
    }

    static void assertSummary(JsonNode frame, int present, int absent) {
        assertCounts(assertEvent(frame, "TODAY_SUMMARY"), frame, present, absent);
    }

    static void assertAllSummary(List<SocketClient> sockets, int present, int absent) {
        sockets.forEach(socket -> assertSummary(socket.next(), present, absent));
    }

    static void assertDone(JsonNode frame, int present, int absent) {
        JsonNode data = assertEvent(frame, "DONE");
        assertThat(data.path("message").asText()).as("message of %s", frame).isEqualTo("Attendance persisted");
        assertCounts(data, frame, present, absent);
    }

    static void assertAllDone(List<SocketClient> sockets, int present, int absent) {
        sockets.forEach(socket -> assertDone(socket.next(), present, absent));
    }

    private static void assertCounts(JsonNode data, JsonNode frame, int present, int absent) {
        for (String field : List.of("present", "absent", "total")) {
            assertThat(data.path(field).isIntegralNumber()).as("%s of %s is a number", field, frame).isTrue();
        }
        assertThat(data.path("present").asInt()).as("present of %s", frame).isEqualTo(present);
        assertThat(data.path("absent").asInt()).as("absent of %s", frame).isEqualTo(absent);
        assertThat(data.path("total").asInt()).as("total of %s", frame).isEqualTo(present + absent);
    }

    /** The student asks for their own mark; the answer is the next frame on that socket. */
    static void assertMyAttendance(SocketClient student, Map<String, ?> data, String status) {
        student.send("MY_ATTENDANCE", data);
        JsonNode frame = student.next();
        assertThat(assertEvent(frame, "MY_ATTENDANCE").path("status").asText()).as("status of %s", frame)
                .isEqualTo(status);
    }

    static void assertMyAttendance(SocketClient student, String status) {
        assertMyAttendance(student, null, status);
    }

    /** Proves each socket has received nothing yet (see the class comment for why this needs no waiting). */
    static void assertReceivedNothing(SocketClient... sockets) {
        for (SocketClient socket : sockets) {
            socket.send("NOTHING_RECEIVED_PROBE", null);
            assertNextError(socket, UNKNOWN_EVENT);
        }
    }

    static void assertReceivedNothing(List<SocketClient> sockets) {
        assertReceivedNothing(sockets.toArray(SocketClient[]::new));
    }

    /** GET /class/:id/my-attendance as the student: the status, or null. */
    static String myAttendance(ApiClient api, ApiClient.User student, String classId) {
        ApiClient.Reply reply = api.get("/class/" + classId + "/my-attendance", student.token());
        assertThat(reply.status()).as("my-attendance: %s", reply.body()).isEqualTo(200);
        assertThat(reply.data().path("classId").asText()).isEqualTo(classId);
        JsonNode status = reply.data().path("status");
        assertThat(status.isNull() || status.isTextual()).as("status of %s", reply.body()).isTrue();
        return status.isNull() ? null : status.asText();
    }
}
