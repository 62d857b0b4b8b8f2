package io.rollcall.app.ws;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.rollcall.app.ws.Live.INVALID_FORMAT;
import static io.rollcall.app.ws.Live.INVALID_SCHEMA;
import static io.rollcall.app.ws.Live.NOT_ENROLLED;
import static io.rollcall.app.ws.Live.NO_SESSION;
import static io.rollcall.app.ws.Live.STUDENT_ONLY;
import static io.rollcall.app.ws.Live.TEACHER_ONLY;
import static io.rollcall.app.ws.Live.UNAUTHORIZED;
import static io.rollcall.app.ws.Live.UNKNOWN_EVENT;
import static io.rollcall.app.ws.Live.assertAllMarked;
import static io.rollcall.app.ws.Live.assertAllSummary;
import static io.rollcall.app.ws.Live.assertError;
import static io.rollcall.app.ws.Live.assertMyAttendance;
import static io.rollcall.app.ws.Live.assertNextError;
import static io.rollcall.app.ws.Live.assertReceivedNothing;
import static io.rollcall.app.ws.Live.mark;
import static org.assertj.core.api.Assertions.assertThat;

/** Refused connections, and every error of the protocol: to the sender only, and nothing else moves. */
@RollcallTest
class SocketErrorsTest {

    @LocalServerPort
    int port;

    // ---- the handshake's token ----

    @Test
    void aSocketWithoutTokenGetsTheErrorThenIsClosed() throws Exception {
        assertRefused(null);
    }

    @Test
    void aSocketWithAnEmptyOrGarbageTokenGetsTheErrorThenIsClosed() throws Exception {
        assertRefused("");
        assertRefused("not-a-jwt");
        assertRefused("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJ4In0.c2lnbmF0dXJl");
    }

    @Test
    void anExpiredTokenOrOneSignedWithAnotherSecretIsRefused() throws Exception {
        ApiClient.User student = new ApiClient(port).signupAndLogin("Expired", "student");
        Instant now = Instant.now();

        // control: the same forgery, still valid, is accepted (so the refusals below are for expiry / signature)
        try (SocketClient valid = SocketClient.connect(port,
                token(student.id(), RollcallTest.JWT_SECRET, now.minusSeconds(60), now.plusSeconds(3600)))) {
            valid.send("MY_ATTENDANCE", null);
            assertNextError(valid, NO_SESSION);
        }
        assertRefused(token(student.id(), RollcallTest.JWT_SECRET, now.minus(Duration.ofHours(25)),
                now.minus(Duration.ofHours(1))));
        assertRefused(token(student.id(), "another-secret-of-at-least-thirty-two-bytes", now.minusSeconds(60),
                now.plusSeconds(3600)));
    }

    @Test
    void aValidTokenOfAUserWhoDoesNotExistIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(token(new ObjectId().toHexString(), RollcallTest.JWT_SECRET, now, now.plusSeconds(3600)));
    }

    private void assertRefused(String token) throws Exception {
        try (SocketClient socket = SocketClient.connect(port, token)) {
            assertError(socket.next(), UNAUTHORIZED);
            assertThat(socket.closed().get(10, TimeUnit.SECONDS)).as("close code").isNotEqualTo(-1);
        }
    }

    private static String token(String userId, String secret, Instant issuedAt, Instant expiresAt) {
        return Jwts.builder()
                .claim("userId", userId)
                .claim("role", "student")
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiresAt))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    // ---- roles and sessions ----

    @Test
    void aStudentSendingTeacherEventsIsForbiddenBeforeAnySessionIsLookedAt() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Roles", 2);
        ApiClient.User outsider = api.signupAndLogin("Roles Outsider", "student");
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token());
             SocketClient classmate = SocketClient.connect(port, room.student(1).token());
             SocketClient loner = SocketClient.connect(port, outsider.token())) {
            // no session anywhere yet: still the role error, for an enrolled student and one enrolled nowhere
            for (SocketClient sender : List.of(student, loner)) {
                sendTeacherEvents(sender, room);
                for (int i = 0; i < 4; i++) {
                    assertNextError(sender, TEACHER_ONLY);
                }
            }

            Live.startSession(api, room.teacher(), room.classId());
            sendTeacherEvents(student, room);
            for (int i = 0; i < 4; i++) {
                assertNextError(student, TEACHER_ONLY);
            }
            assertReceivedNothing(student, loner, teacher, classmate);

            // nothing was marked or closed by the refused events
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, student, classmate), 0, 0);
            assertMyAttendance(student, "not yet updated");
        }
    }

    private static void sendTeacherEvents(SocketClient sender, Classroom room) {
        sender.send("ATTENDANCE_MARKED", Map.of("studentId", room.student(0).id(), "status", "present"));
        sender.send("ATTENDANCE_MARKED", Map.of("studentId", room.student(0).id(), "status", "present",
                "classId", room.classId()));
        sender.send("TODAY_SUMMARY", null);
        sender.send("DONE", null);
    }

    @Test
    void aTeacherAskingMyAttendanceIsForbiddenWithOrWithoutSession() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Teacher Asks", 1);
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            teacher.send("MY_ATTENDANCE", null);
            assertNextError(teacher, STUDENT_ONLY);

            Live.startSession(api, room.teacher(), room.classId());
            teacher.send("MY_ATTENDANCE", null);
            assertNextError(teacher, STUDENT_ONLY);
            teacher.send("MY_ATTENDANCE", Map.of("classId", room.classId()));
            assertNextError(teacher, STUDENT_ONLY);
            assertReceivedNothing(teacher, student);
        }
    }

    @Test
    void aTeacherWithoutActiveSessionGetsNoActiveSession() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Idle", 1);
        ApiClient.User classless = api.signupAndLogin("Classless Teacher", "teacher");
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient other = SocketClient.connect(port, classless.token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            for (SocketClient sender : List.of(teacher, other)) {
                mark(sender, room.student(0), "present");
                sender.send("TODAY_SUMMARY", null);
                sender.send("DONE", Map.of());
                assertNextError(sender, NO_SESSION);
                assertNextError(sender, NO_SESSION);
                assertNextError(sender, NO_SESSION);
            }
            assertReceivedNothing(teacher, other, student);
        }
        // and DONE persisted nothing
        assertThat(Live.myAttendance(api, room.student(0), room.classId())).isNull();
    }

    @Test
    void aStudentWithoutAnActiveSessionInTheirClassesGetsNoActiveSession() {
        ApiClient api = new ApiClient(port);
        Classroom live = Classroom.create(api, "Live Elsewhere", 1);
        Classroom idle = Classroom.create(api, "Idle Here", 1);
        ApiClient.User loner = api.signupAndLogin("Enrolled Nowhere", "student");
        Live.startSession(api, live.teacher(), live.classId());
        try (SocketClient liveTeacher = SocketClient.connect(port, live.teacher().token());
             SocketClient liveStudent = SocketClient.connect(port, live.student(0).token());
             SocketClient idleStudent = SocketClient.connect(port, idle.student(0).token());
             SocketClient lonerSocket = SocketClient.connect(port, loner.token())) {
            for (SocketClient sender : List.of(idleStudent, lonerSocket)) {
                sender.send("MY_ATTENDANCE", null);
                assertNextError(sender, NO_SESSION);
                // naming the class that has a session does not help a student who is not enrolled in it
                sender.send("MY_ATTENDANCE", Map.of("classId", live.classId()));
                assertNextError(sender, NO_SESSION);
            }
            assertReceivedNothing(idleStudent, lonerSocket, liveTeacher, liveStudent);
            assertMyAttendance(liveStudent, "not yet updated");
        }
    }

    // ---- malformed frames ----

    @Test
    void unknownEventNamesAreRefused() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Unknown", 1);
        Live.startSession(api, room.teacher(), room.classId());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            for (SocketClient sender : List.of(teacher, student)) {
                for (String event : List.of("HELLO", "done", "Today_Summary", "ERROR", "", " DONE")) {
                    sender.send(event, Map.of("studentId", room.student(0).id(), "status", "present"));
                    assertNextError(sender, UNKNOWN_EVENT);
                }
            }
            assertReceivedNothing(teacher, student);
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, student), 0, 0);
        }
    }

    @Test
    void framesThatAreNotAnEventObjectAreInvalidFormat() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Format", 1);
        Live.startSession(api, room.teacher(), room.classId());
        List<String> frames = List.of(
                "hello",
                "{not json",
                "",
                "{}",
                "{\"data\":{\"studentId\":\"x\",\"status\":\"present\"}}",
                "[]",
                "[{\"event\":\"TODAY_SUMMARY\"}]",
                "\"TODAY_SUMMARY\"",
                "42",
                "null",
                "{\"event\":42}",
                "{\"event\":null}",
                "{\"event\":true}",
                "{\"event\":[\"TODAY_SUMMARY\"]}",
                "{\"event\":{\"name\":\"TODAY_SUMMARY\"}}");
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            for (SocketClient sender : List.of(teacher, student)) {
                for (String frame : frames) {
                    sender.sendRaw(frame);
                    assertError(sender.next(), INVALID_FORMAT, "reply to %s".formatted(frame));
                }
            }
            assertReceivedNothing(teacher, student);
            // the sockets stay usable
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, student), 0, 0);
            assertMyAttendance(student, "not yet updated");
        }
    }

    @Test
    void aBinaryFrameIsInvalidFormatAndTheSocketStaysUsable() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Binary", 1);
        Live.startSession(api, room.teacher(), room.classId());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            teacher.sendBinary(new byte[] {1, 2, 3, (byte) 0xff});
            assertNextError(teacher, INVALID_FORMAT);
            // even a valid event is refused when it comes as binary: the protocol is text frames
            teacher.sendBinary("{\"event\":\"DONE\"}".getBytes(StandardCharsets.UTF_8));
            assertNextError(teacher, INVALID_FORMAT);
            student.sendBinary("{\"event\":\"MY_ATTENDANCE\"}".getBytes(StandardCharsets.UTF_8));
            assertNextError(student, INVALID_FORMAT);
            // larger than the container's binary buffer: it arrives in parts, and is still answered once
            teacher.sendBinary(new byte[20_000]);
            assertNextError(teacher, INVALID_FORMAT);
            assertReceivedNothing(teacher, student);

            mark(teacher, room.student(0), "present");
            assertAllMarked(List.of(teacher, student), room.student(0), "present");
            assertMyAttendance(student, "present");
            assertThat(teacher.closed()).isNotDone();
            assertThat(student.closed()).isNotDone();
        }
    }

    // ---- marks the session refuses ----

    @Test
    void aMarkWithoutStudentIdOrWithAnotherStatusIsInvalidRequestSchema() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Schema", 2);
        Live.startSession(api, room.teacher(), room.classId());
        String studentId = room.student(0).id();
        List<Map<String, ?>> bodies = List.of(
                Map.of("status", "present"),
                Map.of("studentId", studentId, "status", "late"),
                Map.of("studentId", studentId, "status", "Present"),
                Map.of("studentId", studentId, "status", "PRESENT"),
                Map.of("studentId", studentId, "status", ""),
                Map.of("studentId", studentId),
                Map.of("studentId", studentId, "status", true),
                Map.of("studentId", 42, "status", "present"),
                Map.of("studentId", List.of(studentId), "status", "present"),
                Map.of("studentId", Map.of("$ne", "x"), "status", "present"),
                Map.of());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient first = SocketClient.connect(port, room.student(0).token());
             SocketClient second = SocketClient.connect(port, room.student(1).token())) {
            for (Map<String, ?> body : bodies) {
                teacher.send("ATTENDANCE_MARKED", body);
                assertError(teacher.next(), INVALID_SCHEMA, "reply to %s".formatted(body));
            }
            teacher.send("ATTENDANCE_MARKED", null);
            assertNextError(teacher, INVALID_SCHEMA);
            teacher.sendRaw("{\"event\":\"ATTENDANCE_MARKED\",\"data\":\"" + studentId + "\"}");
            assertNextError(teacher, INVALID_SCHEMA);
            assertReceivedNothing(teacher, first, second);

            // nothing was recorded
            assertMyAttendance(first, "not yet updated");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, first, second), 0, 0);
        }
    }

    @Test
    void aMarkOfAStudentOutsideTheClassIsRefused() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Enrolment", 1);
        Classroom elsewhere = Classroom.create(api, "Elsewhere", 1);
        Live.startSession(api, room.teacher(), room.classId());
        Live.startSession(api, elsewhere.teacher(), elsewhere.classId());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token());
             SocketClient otherTeacher = SocketClient.connect(port, elsewhere.teacher().token());
             SocketClient otherStudent = SocketClient.connect(port, elsewhere.student(0).token())) {
            // a student of another class, a teacher, a well-formed id of nobody, an id of nothing at all
            for (String studentId : List.of(elsewhere.student(0).id(), room.teacher().id(),
                    elsewhere.teacher().id(), new ObjectId().toHexString(), "nobody")) {
                teacher.send("ATTENDANCE_MARKED", Map.of("studentId", studentId, "status", "absent"));
                assertError(teacher.next(), NOT_ENROLLED, "reply for %s".formatted(studentId));
            }
            assertReceivedNothing(teacher, student, otherTeacher, otherStudent);

            assertMyAttendance(otherStudent, "not yet updated");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, student), 0, 0);
            otherTeacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(otherTeacher, otherStudent), 0, 0);
        }
    }
}
