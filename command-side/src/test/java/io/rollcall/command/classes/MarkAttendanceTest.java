package io.rollcall.command.classes;

import io.rollcall.api.Rejection;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.api.session.MarkOrigin;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.ALICE;
import static io.rollcall.command.classes.ClassHistory.BOB;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.S1;
import static io.rollcall.command.classes.ClassHistory.S2;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.enrolled;
import static io.rollcall.command.classes.ClassHistory.finalized;
import static io.rollcall.command.classes.ClassHistory.marked;
import static io.rollcall.command.classes.ClassHistory.markedNow;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static io.rollcall.command.classes.ClassHistory.started;
import static io.rollcall.command.classes.ClassHistory.superseded;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** {@link SchoolClass}: MarkAttendance. */
class MarkAttendanceTest {

    private AggregateTestFixture<SchoolClass> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void ownerMarksAnEnrolledStudentWithNoPreviousStatus() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(markedNow(S1, ALICE, PRESENT, null));
    }

    @Test
    void aTeachersMarkHasOriginTeacherMark() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new MarkAttendance(CLASS, S1, ALICE, ABSENT, TEACHER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof AttendanceMarked m && m.origin() == MarkOrigin.TEACHER_MARK),
                        andNoMore())));
    }

    @Test
    void aReMarkCarriesThePreviousStatus() {
        fixture.given(created(), enrolled(ALICE), started(S1), marked(S1, ALICE, PRESENT, null))
                .when(new MarkAttendance(CLASS, S1, ALICE, ABSENT, TEACHER))
                .expectEvents(markedNow(S1, ALICE, ABSENT, PRESENT));
    }

    @Test
    void marksOfAnEarlierSessionAreNotThePreviousStatus() {
        fixture.given(created(), enrolled(ALICE), started(S1), marked(S1, ALICE, PRESENT, null),
                        finalized(S1, Map.of(ALICE, PRESENT), 1, 0), started(S2))
                .when(new MarkAttendance(CLASS, S2, ALICE, ABSENT, TEACHER))
                .expectEvents(markedNow(S2, ALICE, ABSENT, null));
    }

    @Test
    void nonOwnerCannotMark() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void markWithoutAnActiveSessionIsRejected() {
        fixture.given(created(), enrolled(ALICE))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markNamingAnotherSessionThanTheActiveOneIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new MarkAttendance(CLASS, S2, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markOnASessionSupersededInThisClassIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1), superseded(S1, S2), started(S2))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markOnASessionSupersededFromAnotherClassIsRejected() {
        // the teacher started a session elsewhere: this class is left without an active session
        fixture.given(created(), enrolled(ALICE), started(S1), superseded(S1, "session-in-class-2"))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markOnAFinalizedSessionIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1), marked(S1, ALICE, PRESENT, null),
                        finalized(S1, Map.of(ALICE, PRESENT), 1, 0))
                .when(new MarkAttendance(CLASS, S1, ALICE, ABSENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markAfterFinalizeSessionIsRejected() {
        fixture.given(created(), enrolled(ALICE), enrolled(BOB), started(S1))
                .andGivenCommands(new FinalizeSession(CLASS, S1, TEACHER))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void markOfAStudentWhoIsNotEnrolledIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new MarkAttendance(CLASS, S1, BOB, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.STUDENT_NOT_ENROLLED))
                .expectNoEvents();
    }
}
