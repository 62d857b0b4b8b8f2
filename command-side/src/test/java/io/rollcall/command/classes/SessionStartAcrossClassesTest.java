package io.rollcall.command.classes;

import io.rollcall.api.Rejection;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import io.rollcall.api.session.StartSession;
import io.rollcall.command.classes.ActiveSessionLookup.ActiveSessionRef;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.CLASS_NAME;
import static io.rollcall.command.classes.ClassHistory.CLOCK;
import static io.rollcall.command.classes.ClassHistory.EARLIER;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.S1;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static io.rollcall.command.classes.ClassHistory.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StartSession when the teacher's open session is in another class. The class being started lives in the
 * fixture; the other class is event-sourced from a separate in-memory event store (the fixture's repository holds
 * one aggregate only), joined in the same unit of work.
 */
class SessionStartAcrossClassesTest {

    private static final String OTHER_CLASS = "class-2";
    private static final String OLD_SESSION = "session-old";

    private AggregateTestFixture<SchoolClass> fixture;
    private final InMemoryClasses otherClasses = new InMemoryClasses();
    private final Map<String, List<ActiveSessionRef>> openSessions = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = newFixture();
        ActiveSessionLookup lookup = teacherId -> openSessions.getOrDefault(teacherId, List.of());
        Repository<SchoolClass> classes = new ByClassId(fixture.getRepository(), otherClasses.repository);
        fixture.registerAnnotatedCommandHandler(new SessionStartHandler(classes, lookup, CLOCK));
    }

    @AfterEach
    void tearDown() {
        otherClasses.shutDown();
    }

    @Test
    void startingSupersedesTheTeachersActiveSessionInAnotherClass() {
        otherClasses.given(OTHER_CLASS, new ClassCreated(OTHER_CLASS, CLASS_NAME, TEACHER, EARLIER),
                new SessionStarted(OTHER_CLASS, OLD_SESSION, TEACHER, EARLIER));
        openSessions.put(TEACHER, List.of(new ActiveSessionRef(OTHER_CLASS, OLD_SESSION)));

        fixture.given(created())
                .when(new StartSession(CLASS, S1, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SessionStarted(CLASS, S1, TEACHER, NOW));

        assertThat(otherClasses.historyOf(OTHER_CLASS))
                .last().isEqualTo(new SessionSuperseded(OTHER_CLASS, OLD_SESSION, S1, TEACHER, NOW));
    }

    @Test
    void aRefusedStartLeavesTheTeachersSessionInAnotherClassRunning() {
        // teacher-2 owns class-2 with a running session, and tries to start one in teacher-1's class
        otherClasses.given(OTHER_CLASS, new ClassCreated(OTHER_CLASS, CLASS_NAME, OTHER_TEACHER, EARLIER),
                new SessionStarted(OTHER_CLASS, OLD_SESSION, OTHER_TEACHER, EARLIER));
        openSessions.put(OTHER_TEACHER, List.of(new ActiveSessionRef(OTHER_CLASS, OLD_SESSION)));

        fixture.given(created(), started("session-of-teacher-1"))
                .when(new StartSession(CLASS, S1, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();

        assertThat(otherClasses.historyOf(OTHER_CLASS)).hasSize(2)
                .last().isInstanceOf(SessionStarted.class);
    }

    @Test
    void aStaleLookupEntrySupersedesNothing() {
        // the read side still lists the old session, but class-2 has moved on to another one
        otherClasses.given(OTHER_CLASS, new ClassCreated(OTHER_CLASS, CLASS_NAME, TEACHER, EARLIER),
                new SessionStarted(OTHER_CLASS, OLD_SESSION, TEACHER, EARLIER),
                new SessionSuperseded(OTHER_CLASS, OLD_SESSION, "session-current", TEACHER, EARLIER),
                new SessionStarted(OTHER_CLASS, "session-current", TEACHER, EARLIER));
        openSessions.put(TEACHER, List.of(new ActiveSessionRef(OTHER_CLASS, OLD_SESSION)));

        fixture.given(created())
                .when(new StartSession(CLASS, S1, TEACHER))
                .expectEvents(new SessionStarted(CLASS, S1, TEACHER, NOW));

        assertThat(otherClasses.historyOf(OTHER_CLASS)).hasSize(4);
    }

    /** The fixture's repository for the class under test, the in-memory one for any other class. */
    private record ByClassId(Repository<SchoolClass> fixtureClass, Repository<SchoolClass> others)
            implements Repository<SchoolClass> {

        private Repository<SchoolClass> of(String classId) {
            return CLASS.equals(classId) ? fixtureClass : others;
        }

        @Override
        public Aggregate<SchoolClass> load(String classId) {
            return of(classId).load(classId);
        }

        @Override
        public Aggregate<SchoolClass> load(String classId, Long expectedVersion) {
            return of(classId).load(classId, expectedVersion);
        }

        @Override
        public Aggregate<SchoolClass> newInstance(Callable<SchoolClass> factoryMethod) {
            throw new UnsupportedOperationException("StartSession creates no class");
        }

        @Override
        public void send(Message<?> message, ScopeDescriptor scopeDescription) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean canResolve(ScopeDescriptor scopeDescription) {
            return false;
        }
    }
}
