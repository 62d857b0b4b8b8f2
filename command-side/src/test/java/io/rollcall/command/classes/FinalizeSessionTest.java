package io.rollcall.command.classes;

import io.rollcall.api.Rejection;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.SessionFinalized;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.ALICE;
import static io.rollcall.command.classes.ClassHistory.BOB;
import static io.rollcall.command.classes.ClassHistory.CAROL;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.DAVE;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.S1;
import static io.rollcall.command.classes.ClassHistory.S2;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.autoAbsentNow;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.enrolled;
import static io.rollcall.command.classes.ClassHistory.marked;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static io.rollcall.command.classes.ClassHistory.started;
import static io.rollcall.command.classes.ClassHistory.superseded;

/** {@link SchoolClass}: FinalizeSession (the teacher's DONE). */
class FinalizeSessionTest {

    private AggregateTestFixture<SchoolClass> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void unmarkedEnrolledStudentsAreMarkedAbsentInEnrolmentOrderBeforeTheSessionIsFinalized() {
        // unmarked in enrolment order: bob, alice, carol; alphabetical and HashSet order would differ
        fixture.given(created(), enrolled(BOB), enrolled(DAVE), enrolled(ALICE), enrolled(CAROL), started(S1),
                        marked(S1, DAVE, PRESENT, null))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        autoAbsentNow(S1, BOB),
                        autoAbsentNow(S1, ALICE),
                        autoAbsentNow(S1, CAROL),
                        new SessionFinalized(CLASS, S1, TEACHER, NOW,
                                Map.of(BOB, ABSENT, DAVE, PRESENT, ALICE, ABSENT, CAROL, ABSENT), 1, 3));
    }

    @Test
    void studentsMarkedByTheTeacherGetNoAutomaticAbsence() {
        fixture.given(created(), enrolled(ALICE), enrolled(BOB), started(S1),
                        marked(S1, ALICE, PRESENT, null), marked(S1, BOB, ABSENT, null))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectEvents(new SessionFinalized(CLASS, S1, TEACHER, NOW, Map.of(ALICE, PRESENT, BOB, ABSENT), 1, 1));
    }

    @Test
    void sessionFinalizedCountsTheLatestMarkOfEachStudent() {
        fixture.given(created(), enrolled(ALICE), enrolled(BOB), started(S1),
                        marked(S1, ALICE, PRESENT, null), marked(S1, BOB, ABSENT, null),
                        marked(S1, ALICE, ABSENT, PRESENT), marked(S1, BOB, PRESENT, ABSENT),
                        marked(S1, BOB, ABSENT, PRESENT))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectEvents(new SessionFinalized(CLASS, S1, TEACHER, NOW, Map.of(ALICE, ABSENT, BOB, ABSENT), 0, 2));
    }

    @Test
    void marksOfAnEarlierSessionDoNotCountInTheNextOne() {
        fixture.given(created(), enrolled(ALICE), started(S1), marked(S1, ALICE, PRESENT, null),
                        superseded(S1, S2), started(S2))
                .when(new FinalizeSession(CLASS, S2, TEACHER))
                .expectEvents(autoAbsentNow(S2, ALICE),
                        new SessionFinalized(CLASS, S2, TEACHER, NOW, Map.of(ALICE, ABSENT), 0, 1));
    }

    @Test
    void finalizeReturnsTheSessionFinalizedEvent() {
        fixture.given(created(), enrolled(ALICE), enrolled(BOB), started(S1), marked(S1, BOB, PRESENT, null))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectResultMessagePayload(new SessionFinalized(CLASS, S1, TEACHER, NOW,
                        Map.of(ALICE, ABSENT, BOB, PRESENT), 1, 1));
    }

    @Test
    void aSessionWithoutEnrolledStudentsFinalizesEmpty() {
        fixture.given(created(), started(S1))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectEvents(new SessionFinalized(CLASS, S1, TEACHER, NOW, Map.of(), 0, 0));
    }

    @Test
    void nonOwnerCannotFinalize() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new FinalizeSession(CLASS, S1, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void finalizeWithoutAnActiveSessionIsRejected() {
        fixture.given(created(), enrolled(ALICE))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void finalizeNamingAnotherSessionThanTheActiveOneIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .when(new FinalizeSession(CLASS, S2, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void finalizeOfASupersededSessionIsRejected() {
        fixture.given(created(), enrolled(ALICE), started(S1), superseded(S1, S2), started(S2))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void aSessionCannotBeFinalizedTwice() {
        fixture.given(created(), enrolled(ALICE), started(S1))
                .andGivenCommands(new FinalizeSession(CLASS, S1, TEACHER))
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }
}
