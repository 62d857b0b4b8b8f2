package io.rollcall.command.classes;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.session.StartSession;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starting a session spans classes: the teacher's active session may belong to another class, and it is
 * superseded in the same unit of work. Starts of one teacher are serialized so two concurrent starts cannot
 * both stay active, and so the two class aggregates are always locked in one order per teacher. The locks are
 * a fixed set of {@link #LOCK_STRIPES} stripes chosen by the teacher's id (not one lock per teacher ever seen,
 * which would grow without bound); two teachers sharing a stripe merely start one after the other. A start
 * holds exactly one stripe, so stripes cannot deadlock.
 */
public class SessionStartHandler {

    private final Repository<SchoolClass> classes;
    private final ActiveSessionLookup activeSessions;
    private final Clock clock;
    static final int LOCK_STRIPES = 256;

    private final ReentrantLock[] teacherLocks = new ReentrantLock[LOCK_STRIPES];

    public SessionStartHandler(Repository<SchoolClass> classes, ActiveSessionLookup activeSessions, Clock clock) {
        this.classes = classes;
        this.activeSessions = activeSessions;
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            teacherLocks[i] = new ReentrantLock();
        }
    }

    /** @return when the new session started, as recorded in its SessionStarted event */
    @CommandHandler
    public Instant handle(StartSession command) {
        // held until the unit of work is cleaned up, i.e. after the new session is stored and projected
        ReentrantLock lock = teacherLocks[Math.floorMod(command.teacherId().hashCode(), LOCK_STRIPES)];
        lock.lock();
        CurrentUnitOfWork.get().onCleanup(u -> lock.unlock());
        {
            Aggregate<SchoolClass> target = load(command.classId());
            // ownership first: a refused start must not close the teacher's running session
            target.execute(c -> c.requireTeacher(command.teacherId()));
            for (ActiveSessionLookup.ActiveSessionRef open : activeSessions.activeSessionsOf(command.teacherId())) {
                if (!open.classId().equals(command.classId())) {
                    load(open.classId()).execute(c -> c.supersede(open.sessionId(), command.sessionId(),
                            command.teacherId(), clock));
                }
            }
            return target.invoke(c -> c.startSession(command.sessionId(), command.teacherId(), clock));
        }
    }

    private Aggregate<SchoolClass> load(String classId) {
        try {
            return classes.load(classId);
        } catch (AggregateNotFoundException e) {
            throw new CommandRejectedException(Rejection.CLASS_NOT_FOUND);
        }
    }
}
