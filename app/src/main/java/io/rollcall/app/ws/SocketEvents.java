package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.app.live.LiveClasses;
import io.rollcall.app.metrics.RollcallMetrics;
import io.rollcall.app.mongo.DatabaseUnavailable;
import io.rollcall.app.security.Caller;
import io.rollcall.query.ActiveSessionIndex;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.util.Map;
import java.util.Optional;

/**
 * The live protocol's events, once a frame has passed the socket's checks ({@link AttendanceSocketHandler}).
 * Marks and DONE become commands, whose stored events the {@link LiveFeed} broadcasts; TODAY_SUMMARY and
 * MY_ATTENDANCE read the class's live state ({@link LiveClasses}) and the index of open sessions, all in memory:
 * an event costs at most one database write (the event's append) and no read. Replies and errors go to the
 * sender only.
 */
@Component
public class SocketEvents {

    private static final Logger log = LoggerFactory.getLogger(SocketEvents.class);

    private final CommandGateway commands;
    private final ActiveSessionIndex activeSessions;
    private final LiveClasses classes;
    private final SocketRegistry sockets;
    private final SocketMessages messages;
    private final RollcallMetrics metrics;
    private final SummaryCoalescer summaries;

    public SocketEvents(CommandGateway commands, ActiveSessionIndex activeSessions, LiveClasses classes,
                        SocketRegistry sockets, SocketMessages messages, RollcallMetrics metrics,
                        SummaryCoalescer summaries) {
        this.commands = commands;
        this.activeSessions = activeSessions;
        this.classes = classes;
        this.sockets = sockets;
        this.messages = messages;
        this.metrics = metrics;
        this.summaries = summaries;
    }

    /** Handles one event of the caller; a refusal or a failure is answered with the contract's error. */
    void handle(WebSocketSession session, Caller caller, String event, JsonNode data) {
        try {
            switch (event) {
                case "ATTENDANCE_MARKED" -> mark(session, caller, data);
                case "TODAY_SUMMARY" -> summary(session, caller, data);
                case "MY_ATTENDANCE" -> myAttendance(session, caller, data);
                case "DONE" -> done(session, caller, data);
                default -> reply(session, messages.error(SocketMessages.UNKNOWN_EVENT));
            }
        } catch (RuntimeException e) {
            reply(session, messages.error(errorMessage(e)));
        }
    }

    private void mark(WebSocketSession session, Caller caller, JsonNode data) {
        long start = System.nanoTime();
        Optional<ActiveSessionView> active = teacherSession(session, caller, data);
        if (active.isEmpty()) {
            return;
        }
        JsonNode studentId = data.path("studentId");
        Optional<AttendanceStatus> status = data.path("status").isTextual()
                ? AttendanceStatus.fromWire(data.path("status").asText()) : Optional.empty();
        if (!studentId.isTextual() || status.isEmpty()) {
            reply(session, messages.error(SocketMessages.INVALID_SCHEMA));
            return;
        }
        ActiveSessionView live = active.get();
        // the live feed broadcasts the stored mark, this socket first
        commands.sendAndWait(fromSocket(session, new MarkAttendance(live.classId(), live.sessionId(),
                studentId.asText(), status.get(), caller.userId())));
        metrics.markAccepted(start);
    }

    private void summary(WebSocketSession session, Caller caller, JsonNode data) {
        teacherSession(session, caller, data).ifPresent(active -> {
            // at once, or folded into the one broadcast at the end of the class's summary interval
            if (!summaries.request(active.classId(), active.sessionId(), session.getId())) {
                reply(session, messages.error(SocketMessages.NO_SESSION));
            }
        });
    }

    private void myAttendance(WebSocketSession session, Caller caller, JsonNode data) {
        if (!caller.isStudent()) {
            reply(session, messages.error(SocketMessages.STUDENT_ONLY));
            return;
        }
        String classId = requestedClass(data);
        // the most recently started session of a class the student is enrolled in
        for (ActiveSessionView active : activeSessions.newestFirst()) {
            if (classId != null && !classId.equals(active.classId())) {
                continue;
            }
            Optional<String> status = classes.withClass(active.classId(), room ->
                    room.isActive(active.sessionId()) && room.isEnrolled(caller.userId())
                            ? Optional.ofNullable(room.marks().get(caller.userId()))
                            .map(AttendanceStatus::wireName).orElse("not yet updated")
                            : null);
            if (status.isPresent()) {
                reply(session, messages.event("MY_ATTENDANCE", Map.of("status", status.get())));
                return;
            }
        }
        reply(session, messages.error(SocketMessages.NO_SESSION));
    }

    private void done(WebSocketSession session, Caller caller, JsonNode data) {
        // the live feed broadcasts DONE once the session is stored as finalized
        teacherSession(session, caller, data).ifPresent(live -> commands.sendAndWait(fromSocket(session,
                new FinalizeSession(live.classId(), live.sessionId(), caller.userId()))));
    }

    /** The command, naming the socket it came from (see {@link LiveFeed#SENDER_SOCKET}). */
    private static CommandMessage<?> fromSocket(WebSocketSession session, Object command) {
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(LiveFeed.SENDER_SOCKET, session.getId()));
    }

    /**
     * The session a teacher's event acts on: the teacher's active session, or the one of {@code data.classId}.
     * Replies with the contract's error and answers empty when there is none (or the sender is no teacher).
     */
    private Optional<ActiveSessionView> teacherSession(WebSocketSession session, Caller caller, JsonNode data) {
        if (!caller.isTeacher()) {
            reply(session, messages.error(SocketMessages.TEACHER_ONLY));
            return Optional.empty();
        }
        String classId = requestedClass(data);
        Optional<ActiveSessionView> active = activeSessions.ofTeacher(caller.userId()).stream()
                .filter(s -> classId == null || s.classId().equals(classId))
                .findFirst();
        if (active.isEmpty()) {
            reply(session, messages.error(SocketMessages.NO_SESSION));
        }
        return active;
    }

    private static String requestedClass(JsonNode data) {
        JsonNode classId = data.path("classId");
        return classId.isTextual() ? classId.asText() : null;
    }

    private String errorMessage(RuntimeException e) {
        if (DatabaseUnavailable.isCause(e)) {
            return SocketMessages.UNAVAILABLE;
        }
        Optional<Rejection> rejection = CommandRejectedException.findIn(e);
        if (rejection.isEmpty()) {
            log.error("Unexpected error handling a socket event", e);
            return SocketMessages.INTERNAL_ERROR;
        }
        return switch (rejection.get()) {
            case STUDENT_NOT_ENROLLED -> SocketMessages.NOT_ENROLLED;
            case NO_ACTIVE_SESSION -> SocketMessages.NO_SESSION;
            default -> SocketMessages.INVALID_SCHEMA;
        };
    }

    void reply(WebSocketSession session, TextMessage message) {
        SocketOutbox outbox = sockets.outboxOf(session);
        if (outbox != null) {
            outbox.send(message);
        }
    }

}
