package io.rollcall.app.ws;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
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
 * Two classes live at once, each with its own teacher and students, plus one student enrolled in both (who is in
 * both rooms, so hears both) and one enrolled in neither (who hears nothing). Sockets are read strictly in
 * order, and each side's quiet is proven after the other side's broadcast has reached all of its receivers.
 */
@RollcallTest
class ClassIsolationTest {

    @LocalServerPort
    int port;

    @Test
    void twoLiveClassesNeverHearEachOther() {
        ApiClient api = new ApiClient(port);
        Classroom a = Classroom.create(api, "Isolation A", 2);
        Classroom b = Classroom.create(api, "Isolation B", 2);
        ApiClient.User both = api.signupAndLogin("In Both", "student");
        ApiClient.User neither = api.signupAndLogin("In Neither", "student");
        api.enrol(a.teacher(), a.classId(), both);
        api.enrol(b.teacher(), b.classId(), both);
        Instant startedA = Instant.parse(Live.startSession(api, a.teacher(), a.classId()));

        try (SocketClient teacherA = SocketClient.connect(port, a.teacher().token());
             SocketClient a1 = SocketClient.connect(port, a.student(0).token());
             SocketClient a2 = SocketClient.connect(port, a.student(1).token());
             SocketClient teacherB = SocketClient.connect(port, b.teacher().token());
             SocketClient b1 = SocketClient.connect(port, b.student(0).token());
             SocketClient b2 = SocketClient.connect(port, b.student(1).token());
             SocketClient shared = SocketClient.connect(port, both.token());
             SocketClient nobody = SocketClient.connect(port, neither.token())) {
            List<SocketClient> roomA = List.of(teacherA, a1, a2, shared);
            List<SocketClient> roomB = List.of(teacherB, b1, b2, shared);
            List<SocketClient> onlyA = List.of(teacherA, a1, a2);
            List<SocketClient> onlyB = List.of(teacherB, b1, b2);

            mark(teacherA, a.student(0), "present");
            assertAllMarked(roomA, a.student(0), "present");
            Instant startedB = Instant.parse(Live.startSession(api, b.teacher(), b.classId()));
            assertThat(startedB).as("B starts after A, so it is the shared student's latest").isAfter(startedA);
            assertReceivedNothing(onlyB);

            mark(teacherB, b.student(0), "absent");
            assertAllMarked(roomB, b.student(0), "absent");
            assertReceivedNothing(onlyA);

            // the shared student is marked differently in each class
            mark(teacherA, both, "present");
            assertAllMarked(roomA, both, "present");
            mark(teacherB, both, "absent");
            assertAllMarked(roomB, both, "absent");

            teacherA.send("TODAY_SUMMARY", null);
            assertAllSummary(roomA, 2, 0);
            assertReceivedNothing(onlyB);
            teacherB.send("TODAY_SUMMARY", null);
            assertAllSummary(roomB, 0, 2);
            assertReceivedNothing(onlyA);

            // a teacher cannot reach into the other class: neither its students nor its session
            mark(teacherA, b.student(1), "present");
            assertNextError(teacherA, NOT_ENROLLED);
            teacherA.send("ATTENDANCE_MARKED", Map.of("studentId", b.student(1).id(), "status", "present",
                    "classId", b.classId()));
            assertNextError(teacherA, NO_SESSION);
            teacherA.send("TODAY_SUMMARY", Map.of("classId", b.classId()));
            assertNextError(teacherA, NO_SESSION);
            teacherA.send("DONE", Map.of("classId", b.classId()));
            assertNextError(teacherA, NO_SESSION);
            assertReceivedNothing(roomA);
            assertReceivedNothing(onlyB);

            // the shared student asks per class; without one, the most recently started session (B) answers
            assertMyAttendance(shared, "absent");
            assertMyAttendance(shared, Map.of("classId", a.classId()), "present");
            assertMyAttendance(shared, Map.of("classId", b.classId()), "absent");
            assertMyAttendance(a1, Map.of("classId", a.classId()), "present");
            a1.send("MY_ATTENDANCE", Map.of("classId", b.classId()));
            assertNextError(a1, NO_SESSION);
            assertMyAttendance(a1, "present"); // A is a1's only class, though B started later
            assertMyAttendance(b2, "not yet updated");

            // A finishes; B goes on
            teacherA.send("DONE", null);
            assertAllDone(roomA, 2, 1); // a2 was never marked
            assertReceivedNothing(onlyB);
            assertThat(myAttendance(api, a.student(0), a.classId())).isEqualTo("present");
            assertThat(myAttendance(api, a.student(1), a.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, both, a.classId())).isEqualTo("present");
            assertThat(myAttendance(api, both, b.classId())).isNull();
            assertThat(myAttendance(api, b.student(0), b.classId())).isNull();

            assertMyAttendance(shared, "absent"); // B is still live
            a1.send("MY_ATTENDANCE", null);
            assertNextError(a1, NO_SESSION);
            mark(teacherB, b.student(1), "present");
            assertAllMarked(roomB, b.student(1), "present");
            assertReceivedNothing(onlyA);

            teacherB.send("DONE", null);
            assertAllDone(roomB, 1, 2); // b1 and the shared student absent, b2 present
            assertReceivedNothing(onlyA);
            assertThat(myAttendance(api, b.student(0), b.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, b.student(1), b.classId())).isEqualTo("present");
            assertThat(myAttendance(api, both, b.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, both, a.classId())).isEqualTo("present");

            // the student of neither class never heard a thing, and has no session
            nobody.send("MY_ATTENDANCE", null);
            assertNextError(nobody, NO_SESSION);
            assertReceivedNothing(nobody);
            assertReceivedNothing(roomA);
            assertReceivedNothing(onlyB);
        }
    }

    @Test
    void aTeacherNamingTheirLiveClassActsOnItAndNamingAnyOtherFindsNoSession() {
        ApiClient api = new ApiClient(port);
        Classroom live = Classroom.create(api, "Named Live", 1);
        String idle = api.createClass(live.teacher(), "Named Idle");
        Live.startSession(api, live.teacher(), live.classId());

        try (SocketClient teacher = SocketClient.connect(port, live.teacher().token());
             SocketClient student = SocketClient.connect(port, live.student(0).token())) {
            List<SocketClient> room = List.of(teacher, student);
            teacher.send("ATTENDANCE_MARKED", Map.of("studentId", live.student(0).id(), "status", "present",
                    "classId", live.classId()));
            assertAllMarked(room, live.student(0), "present");
            teacher.send("TODAY_SUMMARY", Map.of("classId", live.classId()));
            assertAllSummary(room, 1, 0);

            for (String classId : List.of(idle, new ObjectId().toHexString(), "garbage")) {
                teacher.send("ATTENDANCE_MARKED", Map.of("studentId", live.student(0).id(), "status", "absent",
                        "classId", classId));
                assertNextError(teacher, NO_SESSION);
                teacher.send("TODAY_SUMMARY", Map.of("classId", classId));
                assertNextError(teacher, NO_SESSION);
                teacher.send("DONE", Map.of("classId", classId));
                assertNextError(teacher, NO_SESSION);
                student.send("MY_ATTENDANCE", Map.of("classId", classId));
                assertNextError(student, NO_SESSION);
            }
            assertReceivedNothing(teacher, student);
            assertMyAttendance(student, Map.of("classId", live.classId()), "present");

            teacher.send("DONE", Map.of("classId", live.classId()));
            assertAllDone(room, 1, 0);
        }
        assertThat(myAttendance(api, live.student(0), live.classId())).isEqualTo("present");
    }
}
