package io.rollcall.command.classes;

import io.rollcall.api.Rejection;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import io.rollcall.api.session.StartSession;
import io.rollcall.command.classes.ActiveSessionLookup.ActiveSessionRef;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.ALICE;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.CLOCK;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.S1;
import static io.rollcall.command.classes.ClassHistory.S2;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.enrolled;
import static io.rollcall.command.classes.ClassHistory.markedNow;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static io.rollcall.command.classes.ClassHistory.started;

/**
 * StartSession through {@link SessionStartHandler}, loading classes from the fixture's repository. That
 * repository only knows the fixture's own class, so supersession in another class is in
 * {@link SessionStartAcrossClassesTest}.
 */
class SessionStartHandlerTest {

    private AggregateTestFixture<SchoolClass> fixture;
    /** What the read side reports as each teacher's open sessions. */
    private final Map<String, List<ActiveSessionRef>> openSessions = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = newFixture();
        ActiveSessionLookup lookup = teacherId -> openSessions.getOrDefault(teacherId, List.of());
        fixture.registerAnnotatedCommandHandler(new SessionStartHandler(fixture.getRepository(), lookup, CLOCK));
    }

    @Test
    void ownerStartsASessionInAClassWithoutOne() {
        fixture.given(created())
                .when(new StartSession(CLASS, S1, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SessionStarted(CLASS, S1, TEACHER, NOW));
    }

    @Test
    void startReturnsTheStartTimeRecordedInSessionStarted() {
        fixture.given(created())
                .when(new StartSession(CLASS, S1, TEACHER))
                .expectResultMessagePayload(NOW);
    }

    @Test
    void startingSupersedesTheClassOwnActiveSession() {
        fixture.given(created(), started(S1))
                .when(new StartSession(CLASS, S2, TEACHER))
                .expectEvents(new SessionSuperseded(CLASS, S1, S2, TEACHER, NOW),
                        new SessionStarted(CLASS, S2, TEACHER, NOW));
    }

    @Test
    void theClassOwnSessionReportedByTheLookupIsSupersededOnlyOnce() {
        openSessions.put(TEACHER, List.of(new ActiveSessionRef(CLASS, S1)));
        fixture.given(created(), started(S1))
                .when(new StartSession(CLASS, S2, TEACHER))
                .expectEvents(new SessionSuperseded(CLASS, S1, S2, TEACHER, NOW),
                        new SessionStarted(CLASS, S2, TEACHER, NOW));
    }

    @Test
    void aStartedSessionAcceptsMarks() {
        fixture.given(created(), enrolled(ALICE))
                .andGivenCommands(new StartSession(CLASS, S1, TEACHER))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectEvents(markedNow(S1, ALICE, PRESENT, null));
    }

    @Test
    void theSessionSupersededByAStartNoLongerAcceptsMarks() {
        fixture.given(created(), enrolled(ALICE))
                .andGivenCommands(new StartSession(CLASS, S1, TEACHER), new StartSession(CLASS, S2, TEACHER))
                .when(new MarkAttendance(CLASS, S1, ALICE, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void nonOwnerCannotStartASession() {
        fixture.given(created())
                .when(new StartSession(CLASS, S1, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void aRefusedStartSupersedesNothing() {
        // the owner's running session stays active; the intruder's own open session elsewhere is not touched
        // either (loading that other class here would fail with an EventStoreException, not this rejection)
        openSessions.put(OTHER_TEACHER, List.of(new ActiveSessionRef("class-of-teacher-2", "session-of-teacher-2")));
        fixture.given(created(), started(S1))
                .when(new StartSession(CLASS, S2, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @Test
    void startInAnUnknownClassIsClassNotFound() {
        fixture.givenNoPriorActivity()
                .when(new StartSession(CLASS, S1, TEACHER))
                .expectException(rejectedWith(Rejection.CLASS_NOT_FOUND))
                .expectNoEvents();
    }
}
