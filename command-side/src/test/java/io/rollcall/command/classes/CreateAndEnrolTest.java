package io.rollcall.command.classes;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.CreateClass;
import io.rollcall.api.classes.EnrolStudent;
import io.rollcall.api.classes.StudentEnrolled;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.ALICE;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.CLASS_NAME;
import static io.rollcall.command.classes.ClassHistory.NOT_A_STUDENT;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.enrolled;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** {@link SchoolClass}: CreateClass and EnrolStudent. */
class CreateAndEnrolTest {

    private AggregateTestFixture<SchoolClass> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void createClassRecordsTheCreatingTeacherAsOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateClass(CLASS, CLASS_NAME, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ClassCreated(CLASS, CLASS_NAME, TEACHER, NOW));
    }

    @Test
    void onlyTheCreatorMayActOnANewClass() {
        fixture.givenCommands(new CreateClass(CLASS, CLASS_NAME, TEACHER))
                .when(new EnrolStudent(CLASS, ALICE, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void recordedTimestampsAreTruncatedToMillisecondsNotRounded() {
        // the clock reads ...30.123999999: truncation gives .123, rounding would give .124
        fixture.givenNoPriorActivity()
                .when(new CreateClass(CLASS, CLASS_NAME, TEACHER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof ClassCreated c
                                && c.createdAt().getNano() == 123_000_000
                                && c.createdAt().getEpochSecond() == NOW.getEpochSecond()),
                        andNoMore())));
    }

    @Test
    void ownerEnrolsAStudent() {
        fixture.given(created())
                .when(new EnrolStudent(CLASS, ALICE, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StudentEnrolled(CLASS, ALICE, TEACHER, NOW));
    }

    @Test
    void nonOwnerCannotEnrol() {
        fixture.given(created())
                .when(new EnrolStudent(CLASS, ALICE, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void ownershipIsCheckedBeforeTheStudentIsLookedUp() {
        fixture.given(created())
                .when(new EnrolStudent(CLASS, NOT_A_STUDENT, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void enrollingSomeoneWhoIsNotAStudentIsRejected() {
        fixture.given(created())
                .when(new EnrolStudent(CLASS, NOT_A_STUDENT, TEACHER))
                .expectException(rejectedWith(Rejection.STUDENT_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void enrollingAnEnrolledStudentAgainChangesNothing() {
        fixture.given(created(), enrolled(ALICE))
                .when(new EnrolStudent(CLASS, ALICE, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void enrollingIntoAnUnknownClassFindsNoAggregate() {
        // the HTTP edge turns this into "Class not found" (ApiErrorHandler)
        fixture.givenNoPriorActivity()
                .when(new EnrolStudent(CLASS, ALICE, TEACHER))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anAggregateWithoutClassCreatedIsClassNotFound() {
        // an id whose history holds no ClassCreated (another kind of aggregate): the fixture cannot load such
        // a stream under the class id, so the guard is exercised on the bare aggregate
        assertThatThrownBy(() -> new SchoolClass().requireTeacher(TEACHER))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.CLASS_NOT_FOUND));
    }
}
