package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchSessionSummary;
import io.rollcall.api.session.FetchStudentMark;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.FindActiveSessionForStudent;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionSummary;
import io.rollcall.app.ops.RollcallMetrics;
import io.rollcall.app.security.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live protocol. Each event becomes a command or a query; replies and errors go to the sender only,
 * broadcasts to the session's class room, and only after the command's events are stored and projected.
 */
@Component
public class AttendanceSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(AttendanceSocketHandler.class);
    /** How long a write may block on a peer that stopped reading before the socket is given up. */
    static final long SEND_TIMEOUT_MS = 5_000;
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SocketRegistry sockets;
    private final ClassRoom rooms;
    private final SocketMessages messages;
    private final ObjectMapper json;
    private final RollcallMetrics metrics;

    public AttendanceSocketHandler(CommandGateway commands, QueryGateway queries, SocketRegistry sockets,
                                   ClassRoom rooms, SocketMessages messages, ObjectMapper json,
                                   RollcallMetrics metrics) {
        this.commands = commands;
        this.queries = queries;
        this.sockets = sockets;
        this.rooms = rooms;
        this.messages = messages;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Caller caller = callerOf(session);
        if (caller == null) {
            session.sendMessage(messages.error(SocketMessages.UNAUTHORIZED));
            session.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        if (session instanceof NativeWebSocketSession wrapper) {
            jakarta.websocket.Session ws = wrapper.getNativeSession(jakarta.websocket.Session.class);
            if (ws != null) {
                ws.getUserProperties().put(TOMCAT_SEND_TIMEOUT, SEND_TIMEOUT_MS);
            }
        }
        sockets.register(caller.userId(), session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Caller caller = callerOf(session);
        sockets.unregister(caller == null ? null : caller.userId(), session);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        reply(session, messages.error(SocketMessages.INVALID_FORMAT));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Caller caller = callerOf(session);
        if (caller == null) {
            return;
        }
        JsonNode frame = parse(message.getPayload());
        if (frame == null || !frame.path("event").isTextual()) {
            reply(session, messages.error(SocketMessages.INVALID_FORMAT));
            return;
        }
        JsonNode data = frame.path("data");
        try {
            switch (frame.get("event").asText()) {
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
        commands.sendAndWait(new MarkAttendance(live.classId(), live.sessionId(), studentId.asText(), status.get(),
                caller.userId()));
        metrics.markAccepted();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("studentId", studentId.asText());
        payload.put("status", status.get().wireName());
        rooms.broadcast(live.classId(), messages.event("ATTENDANCE_MARKED", payload));
    }

    private void summary(WebSocketSession session, Caller caller, JsonNode data) {
        teacherSession(session, caller, data).ifPresent(live -> {
            SessionSummary summary = queries.query(new FetchSessionSummary(live.sessionId()),
                    ResponseTypes.instanceOf(SessionSummary.class)).join();
            rooms.broadcast(live.classId(), messages.event("TODAY_SUMMARY", counts(summary.present(),
                    summary.absent())));
        });
    }

    private void myAttendance(WebSocketSession session, Caller caller, JsonNode data) {
        if (!caller.isStudent()) {
            reply(session, messages.error(SocketMessages.STUDENT_ONLY));
            return;
        }
        Optional<ActiveSessionView> active = queries.query(
                new FindActiveSessionForStudent(caller.userId(), requestedClass(data)),
                ResponseTypes.optionalInstanceOf(ActiveSessionView.class)).join();
        if (active.isEmpty()) {
            reply(session, messages.error(SocketMessages.NO_SESSION));
            return;
        }
        Optional<AttendanceStatus> status = queries.query(
                new FetchStudentMark(active.get().sessionId(), caller.userId()),
                ResponseTypes.optionalInstanceOf(AttendanceStatus.class)).join();
        reply(session, messages.event("MY_ATTENDANCE",
                Map.of("status", status.map(AttendanceStatus::wireName).orElse("not yet updated"))));
    }

    private void done(WebSocketSession session, Caller caller, JsonNode data) {
        teacherSession(session, caller, data).ifPresent(live -> {
            SessionFinalized finalized = commands.sendAndWait(
                    new FinalizeSession(live.classId(), live.sessionId(), caller.userId()));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("message", "Attendance persisted");
            payload.putAll(counts(finalized.present(), finalized.absent()));
            rooms.broadcast(live.classId(), messages.event("DONE", payload));
        });
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
        Optional<ActiveSessionView> active = queries.query(new FindActiveSessionsOfTeacher(caller.userId()),
                        ResponseTypes.multipleInstancesOf(ActiveSessionView.class)).join().stream()
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

    private static Map<String, Object> counts(int present, int absent) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("present", present);
        counts.put("absent", absent);
        counts.put("total", present + absent);
        return counts;
    }

    private String errorMessage(RuntimeException e) {
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

    private JsonNode parse(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void reply(WebSocketSession session, TextMessage message) {
        SocketOutbox outbox = sockets.outboxOf(session);
        if (outbox != null) {
            outbox.send(message);
        }
    }

    private static Caller callerOf(WebSocketSession session) {
        return (Caller) session.getAttributes().get(TokenHandshakeInterceptor.CALLER);
    }
}
