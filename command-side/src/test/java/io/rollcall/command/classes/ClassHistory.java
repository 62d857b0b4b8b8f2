package io.rollcall.command.classes;

import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/** Shared names, clock and past events for the {@link SchoolClass} fixture tests. */
final class ClassHistory {

    static final String CLASS = "class-1";
    static final String CLASS_NAME = "Maths 4B";
    static final String TEACHER = "teacher-1";
    static final String OTHER_TEACHER = "teacher-2";
    static final String ALICE = "student-alice";
    static final String BOB = "student-bob";
    static final String CAROL = "student-carol";
    static final String DAVE = "student-dave";
    static final String NOT_A_STUDENT = "user-without-student-role";
    static final String S1 = "session-1";
    static final String S2 = "session-2";

    /** The clock handlers get: sub-millisecond digits that rounding (instead of truncating) would turn into .124. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-10T09:15:30.123999999Z"), ZoneOffset.UTC);
    /** What every event recorded now must say. */
    static final Instant NOW = Instant.parse("2025-03-10T09:15:30.123Z");
    /** When the given (past) events happened. */
    static final Instant EARLIER = Instant.parse("2025-03-10T08:00:00Z");

    /** Who the StudentRegistry knows as students. */
    static final StudentRegistry STUDENTS = Set.of(ALICE, BOB, CAROL, DAVE)::contains;

    private ClassHistory() {
    }

    static AggregateTestFixture<SchoolClass> newFixture() {
        AggregateTestFixture<SchoolClass> fixture = new AggregateTestFixture<>(SchoolClass.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(STUDENTS);
        return fixture;
    }

    static ClassCreated created() {
        return created(CLASS, TEACHER);
    }

    static ClassCreated created(String classId, String teacherId) {
        return new ClassCreated(classId, CLASS_NAME, teacherId, EARLIER);
    }

    static StudentEnrolled enrolled(String studentId) {
        return new StudentEnrolled(CLASS, studentId, TEACHER, EARLIER);
    }

    static SessionStarted started(String sessionId) {
        return new SessionStarted(CLASS, sessionId, TEACHER, EARLIER);
    }

    static SessionSuperseded superseded(String sessionId, String by) {
        return new SessionSuperseded(CLASS, sessionId, by, TEACHER, EARLIER);
    }

    static AttendanceMarked marked(String sessionId, String studentId, AttendanceStatus status,
                                   AttendanceStatus previous) {
        return new AttendanceMarked(CLASS, sessionId, studentId, status, previous, TEACHER, EARLIER,
                MarkOrigin.TEACHER_MARK);
    }

    static SessionFinalized finalized(String sessionId, Map<String, AttendanceStatus> statuses, int present,
                                      int absent) {
        return new SessionFinalized(CLASS, sessionId, TEACHER, EARLIER, statuses, present, absent);
    }

    /** An absence recorded now by DONE for a student nobody marked. */
    static AttendanceMarked autoAbsentNow(String sessionId, String studentId) {
        return new AttendanceMarked(CLASS, sessionId, studentId, AttendanceStatus.ABSENT, null, TEACHER, NOW,
                MarkOrigin.AUTO_ABSENT_AT_FINALIZE);
    }

    /** A teacher's mark recorded now. */
    static AttendanceMarked markedNow(String sessionId, String studentId, AttendanceStatus status,
                                      AttendanceStatus previous) {
        return new AttendanceMarked(CLASS, sessionId, studentId, status, previous, TEACHER, NOW,
                MarkOrigin.TEACHER_MARK);
    }
}
