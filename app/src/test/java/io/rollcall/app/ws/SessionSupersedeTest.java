package io.rollcall.app.ws;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;

import static io.rollcall.app.ws.Live.NOT_ENROLLED;
import static io.rollcall.app.ws.Live.NO_SESSION;
import static io.rollcall.app.ws.Live.assertAllDone;
import static io.rollcall.app.ws.Live.assertAllMarked;
import static io.rollcall.app.ws.Live.assertAllSummary;
import static io.rollcall.app.ws.Live.assertMyAttendance;
import static io.rollcall.app.ws.Live.assertNextError;
import static io.rollcall.app.ws.Live.assertReceivedNothing;
import static io.rollcall.app.ws.Live.mark;
import static io.rollcall.app.ws.Live.myAttendance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A teacher starting a new session supersedes their active one: events act on the new session, DONE persists it
 * alone, and nothing of the superseded session ever becomes attendance.
 */
@RollcallTest
class SessionSupersedeTest {

    @LocalServerPort
    int port;

    @Test
    void aNewSessionInTheSameClassReplacesTheRunningOne() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Restart", 3);
        ApiClient.User s1 = room.student(0);
        ApiClient.User s2 = room.student(1);
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient one = SocketClient.connect(port, s1.token());
             SocketClient two = SocketClient.connect(port, s2.token());
             SocketClient three = SocketClient.connect(port, room.student(2).token())) {
            List<SocketClient> everyone = List.of(teacher, one, two, three);
            mark(teacher, s1, "present");
            assertAllMarked(everyone, s1, "present");
            mark(teacher, s2, "absent");
            assertAllMarked(everyone, s2, "absent");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 1);
            assertMyAttendance(one, "present");

            Live.startSession(api, room.teacher(), room.classId());

            // at once, everything acts on session 2, which has no marks
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 0, 0);
            assertMyAttendance(one, "not yet updated");
            assertMyAttendance(two, "not yet updated");
            mark(teacher, s2, "present");
            assertAllMarked(everyone, s2, "present");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 0);

            teacher.send("DONE", null);
            assertAllDone(everyone, 1, 2); // s1's present was in session 1: now unmarked, so absent
            assertThat(myAttendance(api, s1, room.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, s2, room.classId())).isEqualTo("present");
            assertThat(myAttendance(api, room.student(2), room.classId())).isEqualTo("absent");

            // session 1 does not come back once session 2 is done
            teacher.send("TODAY_SUMMARY", null);
            assertNextError(teacher, NO_SESSION);
            one.send("MY_ATTENDANCE", null);
            assertNextError(one, NO_SESSION);
            assertReceivedNothing(everyone);
        }
    }

    @Test
    void aNewSessionInAnotherClassOfTheTeacherReplacesTheRunningOne() {
        ApiClient api = new ApiClient(port);
        Classroom a = Classroom.create(api, "Move A", 1);
        List<ApiClient.User> studentsOfB = Classroom.students(api, "Move B Student", 2);
        ApiClient.User both = api.signupAndLogin("Move Both", "student");
        String classB = api.createClass(a.teacher(), "Move B");
        studentsOfB.forEach(student -> api.enrol(a.teacher(), classB, student));
        api.enrol(a.teacher(), a.classId(), both);
        api.enrol(a.teacher(), classB, both);
        ApiClient.User onlyA = a.student(0);
        ApiClient.User b1 = studentsOfB.get(0);
        Live.startSession(api, a.teacher(), a.classId());

        try (SocketClient teacher = SocketClient.connect(port, a.teacher().token());
             SocketClient onlyASocket = SocketClient.connect(port, onlyA.token());
             SocketClient shared = SocketClient.connect(port, both.token());
             SocketClient b1Socket = SocketClient.connect(port, b1.token());
             SocketClient b2Socket = SocketClient.connect(port, studentsOfB.get(1).token())) {
            List<SocketClient> roomA = List.of(teacher, onlyASocket, shared);
            List<SocketClient> roomB = List.of(teacher, shared, b1Socket, b2Socket);

            mark(teacher, onlyA, "present");
            assertAllMarked(roomA, onlyA, "present");
            mark(teacher, both, "present");
            assertAllMarked(roomA, both, "present");
            assertReceivedNothing(b1Socket, b2Socket);

            Live.startSession(api, a.teacher(), classB);

            // the teacher's events now act on B's session, and reach B's room only
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(roomB, 0, 0);
            assertReceivedNothing(onlyASocket);
            mark(teacher, onlyA, "absent");
            assertNextError(teacher, NOT_ENROLLED);
            teacher.send("TODAY_SUMMARY", Map.of("classId", a.classId()));
            assertNextError(teacher, NO_SESSION);
            teacher.send("ATTENDANCE_MARKED", Map.of("studentId", onlyA.id(), "status", "absent",
                    "classId", a.classId()));
            assertNextError(teacher, NO_SESSION);
            onlyASocket.send("MY_ATTENDANCE", null);
            assertNextError(onlyASocket, NO_SESSION);
            shared.send("MY_ATTENDANCE", Map.of("classId", a.classId()));
            assertNextError(shared, NO_SESSION);
            assertMyAttendance(shared, "not yet updated"); // B's session, not A's superseded mark

            mark(teacher, b1, "present");
            assertAllMarked(roomB, b1, "present");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(roomB, 1, 0);
            assertReceivedNothing(onlyASocket);

            teacher.send("DONE", null);
            assertAllDone(roomB, 1, 2); // the shared student and b2 unmarked in B
            assertReceivedNothing(onlyASocket);
            assertThat(myAttendance(api, b1, classB)).isEqualTo("present");
            assertThat(myAttendance(api, studentsOfB.get(1), classB)).isEqualTo("absent");
            assertThat(myAttendance(api, both, classB)).isEqualTo("absent");
            // A's session was never persisted
            assertThat(myAttendance(api, onlyA, a.classId())).isNull();
            assertThat(myAttendance(api, both, a.classId())).isNull();

            teacher.send("DONE", Map.of("classId", a.classId()));
            assertNextError(teacher, NO_SESSION);
            teacher.send("DONE", null);
            assertNextError(teacher, NO_SESSION);
            assertReceivedNothing(roomA);
            assertReceivedNothing(b1Socket, b2Socket);
        }
    }

    @Test
    void aSupersededSessionNeverOverridesTheLastFinalizedOne() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Keep Finalized", 1);
        ApiClient.User student = room.student(0);

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient studentSocket = SocketClient.connect(port, student.token())) {
            List<SocketClient> everyone = List.of(teacher, studentSocket);
            Live.startSession(api, room.teacher(), room.classId());
            mark(teacher, student, "absent");
            assertAllMarked(everyone, student, "absent");
            teacher.send("DONE", null);
            assertAllDone(everyone, 0, 1);
            assertThat(myAttendance(api, student, room.classId())).isEqualTo("absent");

            // session 2: marked present, then superseded by session 3 before any DONE
            Live.startSession(api, room.teacher(), room.classId());
            mark(teacher, student, "present");
            assertAllMarked(everyone, student, "present");
            assertMyAttendance(studentSocket, "present");
            Live.startSession(api, room.teacher(), room.classId());
            assertThat(myAttendance(api, student, room.classId())).isEqualTo("absent");
            assertMyAttendance(studentSocket, "not yet updated");

            // session 3 is what DONE persists
            mark(teacher, student, "present");
            assertAllMarked(everyone, student, "present");
            teacher.send("DONE", null);
            assertAllDone(everyone, 1, 0);
            assertThat(myAttendance(api, student, room.classId())).isEqualTo("present");
            assertReceivedNothing(everyone);
        }
    }
}
