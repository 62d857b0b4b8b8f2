package io.rollcall.command.classes;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.CreateClass;
import io.rollcall.api.classes.EnrolStudent;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A class: its owner, its enrolment and its active attendance session. Enrolment and sessions share one
 * consistency boundary because a mark and a DONE are only valid against the enrolment of that moment.
 *
 * <p>Rules: only the owning teacher acts on the class; enrolment is idempotent and only for students; a class
 * has at most one active session and a new one supersedes it; marks name an enrolled student and the active
 * session; DONE marks every unmarked enrolled student absent, then finalizes.
 */
@Aggregate(cache = "aggregateCache", snapshotTriggerDefinition = "schoolClassSnapshotTrigger",
        commandTargetResolver = "commandTargetResolver")
public class SchoolClass {

    @AggregateIdentifier
    private String classId;
    private String teacherId;
    /** Enrolment order (DONE marks absentees in it). Declared concrete so a Jackson snapshot keeps the order. */
    private LinkedHashSet<String> studentIds = new LinkedHashSet<>();
    private AttendanceSession activeSession;

    protected SchoolClass() {
        // for Axon: state comes from the event history
    }

    @CommandHandler
    public SchoolClass(CreateClass command, Clock clock) {
        apply(new ClassCreated(command.classId(), command.className(), command.teacherId(), now(clock)));
    }

    @CommandHandler
    public void handle(EnrolStudent command, StudentRegistry students, Clock clock) {
        requireTeacher(command.teacherId());
        if (!students.isStudent(command.studentId())) {
            throw new CommandRejectedException(Rejection.STUDENT_NOT_FOUND);
        }
        if (studentIds.contains(command.studentId())) {
            return; // idempotent: enrolling twice changes nothing
        }
        apply(new StudentEnrolled(classId, command.studentId(), command.teacherId(), now(clock)));
    }

    @CommandHandler
    public void handle(MarkAttendance command, Clock clock) {
        requireTeacher(command.teacherId());
        AttendanceSession session = requireActive(command.sessionId());
        if (!studentIds.contains(command.studentId())) {
            throw new CommandRejectedException(Rejection.STUDENT_NOT_ENROLLED);
        }
        apply(new AttendanceMarked(classId, command.sessionId(), command.studentId(), command.status(),
                session.statusOf(command.studentId()), command.teacherId(), now(clock), MarkOrigin.TEACHER_MARK));
    }

    @CommandHandler
    public SessionFinalized handle(FinalizeSession command, Clock clock) {
        requireTeacher(command.teacherId());
        AttendanceSession session = requireActive(command.sessionId());
        Instant at = now(clock);
        for (String studentId : studentIds) {
            if (session.statusOf(studentId) == null) {
                apply(new AttendanceMarked(classId, session.sessionId(), studentId, AttendanceStatus.ABSENT, null,
                        command.teacherId(), at, MarkOrigin.AUTO_ABSENT_AT_FINALIZE));
            }
        }
        SessionFinalized finalized = new SessionFinalized(classId, session.sessionId(), command.teacherId(), at,
                session.marks(), (int) session.count(AttendanceStatus.PRESENT),
                (int) session.count(AttendanceStatus.ABSENT));
        apply(finalized);
        return finalized;
    }

    /** The room and the active session as they are now; null if the id named no class. */
    public LiveClass live() {
        return classId == null ? null : LiveClass.of(classId, teacherId, studentIds, activeSession);
    }

    /** Refuses anyone but the owning teacher. */
    public void requireTeacher(String userId) {
        if (classId == null) { // the id named another kind of aggregate
            throw new CommandRejectedException(Rejection.CLASS_NOT_FOUND);
        }
        if (!teacherId.equals(userId)) {
            throw new CommandRejectedException(Rejection.NOT_CLASS_TEACHER);
        }
    }

    /** Opens a session (called by {@link SessionStartHandler}); supersedes this class's active one first. */
    Instant startSession(String sessionId, String byTeacher, Clock clock) {
        requireTeacher(byTeacher);
        Instant at = now(clock);
        if (activeSession != null) {
            apply(new SessionSuperseded(classId, activeSession.sessionId(), sessionId, byTeacher, at));
        }
        apply(new SessionStarted(classId, sessionId, byTeacher, at));
        return at;
    }

    /** Closes the given session without persisting it; a no-op if it is no longer active. */
    void supersede(String sessionId, String supersededBy, String byTeacher, Clock clock) {
        requireTeacher(byTeacher);
        if (activeSession != null && activeSession.is(sessionId)) {
            apply(new SessionSuperseded(classId, sessionId, supersededBy, byTeacher, now(clock)));
        }
    }

    private AttendanceSession requireActive(String sessionId) {
        if (activeSession == null || !activeSession.is(sessionId)) {
            throw new CommandRejectedException(Rejection.NO_ACTIVE_SESSION);
        }
        return activeSession;
    }

    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS); // the wire shows exactly 3 fraction digits
    }

    @EventSourcingHandler
    void on(ClassCreated event) {
        classId = event.classId();
        teacherId = event.teacherId();
    }

    @EventSourcingHandler
    void on(StudentEnrolled event) {
        studentIds.add(event.studentId());
    }

    @EventSourcingHandler
    void on(SessionStarted event) {
        activeSession = new AttendanceSession(event.sessionId(), event.startedAt());
    }

    @EventSourcingHandler
    void on(SessionSuperseded event) {
        if (activeSession != null && activeSession.is(event.sessionId())) {
            activeSession = null;
        }
    }

    @EventSourcingHandler
    void on(AttendanceMarked event) {
        if (activeSession != null && activeSession.is(event.sessionId())) {
            activeSession.record(event.studentId(), event.status());
        }
    }

    @EventSourcingHandler
    void on(SessionFinalized event) {
        if (activeSession != null && activeSession.is(event.sessionId())) {
            activeSession = null;
        }
    }
}
