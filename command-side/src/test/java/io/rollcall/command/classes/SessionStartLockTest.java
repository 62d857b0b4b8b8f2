package io.rollcall.command.classes;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.StartSession;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.rollcall.command.classes.ClassHistory.CLASS_NAME;
import static io.rollcall.command.classes.ClassHistory.CLOCK;
import static io.rollcall.command.classes.ClassHistory.EARLIER;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts of one teacher are serialized by {@link SessionStartHandler} until the unit of work is cleaned up.
 * Concurrency cannot be expressed in the single-threaded fixture, so the handler runs here in units of work on
 * its own threads, over event-sourced classes in memory. The two classes are distinct, so the only thing that
 * can make one start wait for the other is the teacher's lock.
 */
class SessionStartLockTest {

    private static final String CLASS_A = "class-a";
    private static final String CLASS_B = "class-b";

    private final InMemoryClasses classes = new InMemoryClasses();
    private final SessionStartHandler handler =
            new SessionStartHandler(classes.repository, teacherId -> List.of(), CLOCK);
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        classes.given(CLASS_A, new ClassCreated(CLASS_A, CLASS_NAME, TEACHER, EARLIER));
        classes.given(CLASS_B, new ClassCreated(CLASS_B, CLASS_NAME, TEACHER, EARLIER));
    }

    @AfterEach
    void tearDown() {
        otherThread.shutdownNow();
        classes.shutDown();
    }

    @Test
    void aSecondStartOfTheSameTeacherWaitsUntilTheFirstUnitOfWorkIsDone() throws Exception {
        StartSession first = new StartSession(CLASS_A, "session-a", TEACHER);
        UnitOfWork<?> firstStart = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(first));
        try {
            handler.handle(first);

            CompletableFuture<ResultMessage<Object>> second = CompletableFuture.supplyAsync(
                    () -> start(new StartSession(CLASS_B, "session-b", TEACHER)), otherThread);
            Thread.sleep(300);
            assertThat(second).as("second start while the first is uncommitted").isNotDone();

            firstStart.commit();
            assertThat(second.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
            assertThat(classes.historyOf(CLASS_B)).last()
                    .isEqualTo(new SessionStarted(CLASS_B, "session-b", TEACHER, NOW));
        } finally {
            if (firstStart.isActive()) {
                firstStart.rollback();
            }
        }
    }

    @Test
    void aRefusedStartReleasesTheTeachersLock() throws Exception {
        ResultMessage<Object> refused = start(new StartSession(CLASS_A, "session-x", OTHER_TEACHER));
        assertThat(refused.exceptionResult()).isInstanceOfSatisfying(CommandRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_CLASS_TEACHER));

        // the same teacher starts in a class of their own, on another thread: it must get the lock
        classes.given("class-c", new ClassCreated("class-c", CLASS_NAME, OTHER_TEACHER, EARLIER));
        ResultMessage<Object> next = CompletableFuture
                .supplyAsync(() -> start(new StartSession("class-c", "session-c", OTHER_TEACHER)), otherThread)
                .get(10, TimeUnit.SECONDS);
        assertThat(next.isExceptional()).isFalse();
    }

    /** Runs a start in a unit of work of its own on the calling thread, as the command bus does. */
    private ResultMessage<Object> start(StartSession command) {
        return DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command))
                .executeWithResult(() -> handler.handle(command));
    }
}
