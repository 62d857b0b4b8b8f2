package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rollcall.app.ws.Live.NOT_ENROLLED;
import static io.rollcall.app.ws.Live.NO_SESSION;
import static io.rollcall.app.ws.Live.UNKNOWN_EVENT;
import static io.rollcall.app.ws.Live.assertAllDone;
import static io.rollcall.app.ws.Live.assertAllMarked;
import static io.rollcall.app.ws.Live.assertAllSummary;
import static io.rollcall.app.ws.Live.assertMarked;
import static io.rollcall.app.ws.Live.assertMyAttendance;
import static io.rollcall.app.ws.Live.assertNextError;
import static io.rollcall.app.ws.Live.assertReceivedNothing;
import static io.rollcall.app.ws.Live.mark;
import static io.rollcall.app.ws.Live.myAttendance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session from start to DONE with the teacher and the class connected. Every socket of the room is read
 * strictly in order ({@code next()}, never skipping): a unicast or an error that leaked to the wrong socket would
 * stand where the next broadcast is expected.
 */
@RollcallTest
class LiveSessionFlowTest {

    @LocalServerPort
    int port;

    @Test
    void marksSummariesUnicastsAndDoneReachExactlyWhoTheyShould() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Flow", 4);
        ApiClient.User outsider = api.signupAndLogin("Flow Outsider", "student");
        ApiClient.User s1 = room.student(0);
        ApiClient.User s2 = room.student(1);
        ApiClient.User s3 = room.student(2);
        ApiClient.User s4 = room.student(3); // never marked: absent at DONE
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient one = SocketClient.connect(port, s1.token());
             SocketClient two = SocketClient.connect(port, s2.token());
             SocketClient three = SocketClient.connect(port, s3.token());
             SocketClient four = SocketClient.connect(port, s4.token());
             SocketClient stranger = SocketClient.connect(port, outsider.token())) {
            List<SocketClient> everyone = List.of(teacher, one, two, three, four);

            // before any mark
            assertMyAttendance(one, "not yet updated");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 0, 0);

            mark(teacher, s1, "present");
            assertAllMarked(everyone, s1, "present");
            mark(teacher, s2, "absent");
            assertAllMarked(everyone, s2, "absent");
            mark(teacher, s3, "absent");
            assertAllMarked(everyone, s3, "absent");
            // read-your-writes: the summary right after the broadcast counts all three
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 2);

            // a later mark of the same student replaces the earlier one
            mark(teacher, s3, "present");
            assertAllMarked(everyone, s3, "present");
            teacher.send("TODAY_SUMMARY", Map.of());
            assertAllSummary(everyone, 2, 1);
            mark(teacher, s1, "present"); // the same mark again changes nothing
            assertAllMarked(everyone, s1, "present");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 2, 1);

            // unicast: each answer reaches the asking student only (the strict reads below would see a leak)
            assertMyAttendance(one, "present");
            assertMyAttendance(two, "absent");
            assertMyAttendance(three, "present");
            assertMyAttendance(four, "not yet updated");

            teacher.send("DONE", null);
            assertAllDone(everyone, 2, 2); // s4, never marked, is absent
            assertThat(myAttendance(api, s1, room.classId())).isEqualTo("present");
            assertThat(myAttendance(api, s2, room.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, s3, room.classId())).isEqualTo("present");
            assertThat(myAttendance(api, s4, room.classId())).isEqualTo("absent");

            // the session is closed
            mark(teacher, s1, "absent");
            assertNextError(teacher, NO_SESSION);
            teacher.send("TODAY_SUMMARY", null);
            assertNextError(teacher, NO_SESSION);
            teacher.send("DONE", null);
            assertNextError(teacher, NO_SESSION);
            one.send("MY_ATTENDANCE", null);
            assertNextError(one, NO_SESSION);
            assertReceivedNothing(everyone);
            assertThat(myAttendance(api, s1, room.classId())).isEqualTo("present");

            // nothing of it reached a student outside the class
            stranger.send("MY_ATTENDANCE", null);
            assertNextError(stranger, NO_SESSION);
            assertReceivedNothing(stranger);
        }
    }

    @Test
    void aStudentEnrolledMidSessionCanBeMarkedAndHearsTheRest() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Late Enrolment", 1);
        ApiClient.User early = room.student(0);
        ApiClient.User late = api.signupAndLogin("Late Student", "student");
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient earlySocket = SocketClient.connect(port, early.token());
             SocketClient lateSocket = SocketClient.connect(port, late.token())) {
            // not yet enrolled: cannot be marked, hears nothing, has no session
            mark(teacher, late, "present");
            assertNextError(teacher, NOT_ENROLLED);
            mark(teacher, early, "present");
            assertAllMarked(List.of(teacher, earlySocket), early, "present");
            lateSocket.send("MY_ATTENDANCE", null);
            assertNextError(lateSocket, NO_SESSION);
            assertReceivedNothing(lateSocket);

            api.enrol(room.teacher(), room.classId(), late);
            List<SocketClient> everyone = List.of(teacher, earlySocket, lateSocket);

            // at once: the open socket is in the room, and the new student can be marked
            assertMyAttendance(lateSocket, "not yet updated");
            mark(teacher, late, "absent");
            assertAllMarked(everyone, late, "absent");
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 1);
            assertMyAttendance(lateSocket, "absent");

            teacher.send("DONE", null);
            assertAllDone(everyone, 1, 1);
            assertThat(myAttendance(api, late, room.classId())).isEqualTo("absent");
            assertThat(myAttendance(api, early, room.classId())).isEqualTo("present");
        }
    }

    @Test
    void aStudentEnrolledMidSessionAndNeverMarkedIsAbsentAtDone() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Late Unmarked", 1);
        ApiClient.User late = api.signupAndLogin("Late Unmarked Student", "student");
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient early = SocketClient.connect(port, room.student(0).token())) {
            mark(teacher, room.student(0), "present");
            assertAllMarked(List.of(teacher, early), room.student(0), "present");
            api.enrol(room.teacher(), room.classId(), late);
            try (SocketClient lateSocket = SocketClient.connect(port, late.token())) {
                teacher.send("DONE", null);
                assertAllDone(List.of(teacher, early, lateSocket), 1, 1);
            }
        }
        assertThat(myAttendance(api, late, room.classId())).isEqualTo("absent");
    }

    @Test
    void aTeacherWithTwoSocketsHearsEveryBroadcastOnBoth() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Two Tabs", 2);
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient laptop = SocketClient.connect(port, room.teacher().token());
             SocketClient phone = SocketClient.connect(port, room.teacher().token());
             SocketClient one = SocketClient.connect(port, room.student(0).token());
             SocketClient two = SocketClient.connect(port, room.student(1).token())) {
            List<SocketClient> everyone = List.of(laptop, phone, one, two);

            mark(laptop, room.student(0), "present");
            assertAllMarked(everyone, room.student(0), "present");
            // read-your-writes across connections: the other socket's summary sees the mark at once
            phone.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 0);
            mark(phone, room.student(1), "absent");
            assertAllMarked(everyone, room.student(1), "absent");
            laptop.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 1, 1);

            // an error goes to the one socket that caused it, not to the teacher's other socket
            laptop.send("WHATEVER", null);
            assertNextError(laptop, UNKNOWN_EVENT);
            assertReceivedNothing(phone, one, two, laptop);

            phone.send("DONE", null);
            assertAllDone(everyone, 1, 1);
            laptop.send("DONE", null);
            assertNextError(laptop, NO_SESSION);
            assertReceivedNothing(phone);
        }
    }

    @Test
    void marksSentWithoutWaitingFromTwoSocketsAreAllRecordedAndBroadcast() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Rush", 6);
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient laptop = SocketClient.connect(port, room.teacher().token());
             SocketClient phone = SocketClient.connect(port, room.teacher().token());
             SocketClient watcher = SocketClient.connect(port, room.student(0).token())) {
            List<SocketClient> everyone = List.of(laptop, phone, watcher);
            // two connections of the teacher, each pipelining three marks: the server handles them concurrently
            for (int i = 0; i < 3; i++) {
                mark(laptop, room.student(i), "present");
                mark(phone, room.student(3 + i), "absent");
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                expected.add(room.student(i).id() + "=present");
                expected.add(room.student(3 + i).id() + "=absent");
            }
            for (SocketClient socket : everyone) {
                Set<String> received = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    JsonNode data = Live.assertEvent(socket.next(), "ATTENDANCE_MARKED");
                    received.add(data.path("studentId").asText() + "=" + data.path("status").asText());
                }
                assertThat(received).isEqualTo(expected);
            }
            laptop.send("TODAY_SUMMARY", null);
            assertAllSummary(everyone, 3, 3);

            // one socket's marks are handled and broadcast in the order sent; the last one counts
            mark(laptop, room.student(0), "absent");
            mark(laptop, room.student(0), "present");
            mark(laptop, room.student(0), "absent");
            laptop.send("TODAY_SUMMARY", null);
            for (SocketClient socket : everyone) {
                assertMarked(socket.next(), room.student(0), "absent");
                assertMarked(socket.next(), room.student(0), "present");
                assertMarked(socket.next(), room.student(0), "absent");
                Live.assertSummary(socket.next(), 2, 4);
            }
            assertMyAttendance(watcher, "absent");
            phone.send("DONE", null);
            assertAllDone(everyone, 2, 4);
        }
        assertThat(myAttendance(api, room.student(0), room.classId())).isEqualTo("absent");
        assertThat(myAttendance(api, room.student(1), room.classId())).isEqualTo("present");
        assertThat(myAttendance(api, room.student(5), room.classId())).isEqualTo("absent");
    }

    @Test
    void aStudentWhoseSocketClosedIsSkippedAndTheRestStillHearEverything() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Dropout", 2);
        Live.startSession(api, room.teacher(), room.classId());

        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient stays = SocketClient.connect(port, room.student(0).token())) {
            SocketClient leaves = SocketClient.connect(port, room.student(1).token());
            List<SocketClient> everyone = new ArrayList<>(List.of(teacher, stays, leaves));
            mark(teacher, room.student(1), "present");
            assertAllMarked(everyone, room.student(1), "present");
            leaves.close();
            everyone.remove(leaves);

            mark(teacher, room.student(0), "present");
            assertAllMarked(everyone, room.student(0), "present");
            teacher.send("DONE", null);
            assertAllDone(everyone, 2, 0);

            // reconnecting does not bring the session back
            try (SocketClient back = SocketClient.connect(port, room.student(1).token())) {
                back.send("MY_ATTENDANCE", null);
                assertNextError(back, NO_SESSION);
            }
        }
        assertThat(myAttendance(api, room.student(1), room.classId())).isEqualTo("present");
    }
}
