package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.app.metrics.RollcallMetrics;
import io.rollcall.app.live.LiveClasses;
import io.rollcall.app.mongo.DatabaseUnavailable;
import io.rollcall.app.security.Caller;
import io.rollcall.app.config.StrictJsonConfig;
import io.rollcall.query.ActiveSessionIndex;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The live protocol. Marks and DONE become commands, whose stored events the {@link LiveFeed} broadcasts;
 * TODAY_SUMMARY and MY_ATTENDANCE read the class's live state ({@link LiveClasses}) and the index of open sessions,
 * all in memory: a socket event costs at most one database write (the event's append) and no read. Replies and
 * errors go to the sender only.
 *
 * <p>Before a frame is handled: it is put together from its parts (at most 16 KiB are kept; a larger frame is
 * {@code Invalid message format}), taken from the socket's rate ({@link SocketLimits}), checked against the
 * token's expiry, and parsed strictly ({@link StrictJsonConfig#strict}). While the database is unreachable a
 * frame that needs it is answered {@code Service unavailable}.
 */
@Component
public class AttendanceSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(AttendanceSocketHandler.class);
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final CommandGateway commands;
    private final ActiveSessionIndex activeSessions;
    private final LiveClasses classes;
    private final SocketRegistry sockets;
    private final SocketMessages messages;
    private final ObjectMapper json;
    private final RollcallMetrics metrics;
    private final SocketSettings settings;
    private final SocketKeeper keeper;
    private final SummaryCoalescer summaries;
    private final Clock clock;

    public AttendanceSocketHandler(CommandGateway commands, ActiveSessionIndex activeSessions, LiveClasses classes,
                                   SocketRegistry sockets, SocketMessages messages,
                                   ObjectMapper json, RollcallMetrics metrics, SocketSettings settings,
                                   SocketKeeper keeper, SummaryCoalescer summaries, Clock clock) {
        this.commands = commands;
        this.activeSessions = activeSessions;
        this.classes = classes;
        this.sockets = sockets;
        this.messages = messages;
        this.json = StrictJsonConfig.strict(json);
        this.metrics = metrics;
        this.settings = settings;
        this.keeper = keeper;
        this.summaries = summaries;
        this.clock = clock;
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
                ws.getUserProperties().put(TOMCAT_SEND_TIMEOUT, settings.sendTimeout().toMillis());
            }
        }
        SocketLimits limits = new SocketLimits(settings.messagesPerSocket(), settings.refusalsBeforeClose(),
                (Instant) session.getAttributes().get(TokenHandshakeInterceptor.EXPIRES_AT));
        SocketOutbox outbox;
        try {
            outbox = sockets.register(caller.userId(), session, limits);
        } catch (SocketRegistry.CapReached full) {
            // a user's cap is a policy (1008); the server's is a "try again later" (1013)
            boolean userCap = full.refusal == SocketRegistry.Refusal.USER_CAP;
            session.sendMessage(messages.error(userCap ? SocketMessages.TOO_MANY_REQUESTS
                    : SocketMessages.UNAVAILABLE));
            session.close(userCap ? CloseStatus.POLICY_VIOLATION : CloseStatus.SERVICE_OVERLOAD);
            return;
        }
        keeper.watchExpiry(outbox);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Caller caller = callerOf(session);
        sockets.unregister(caller == null ? null : caller.userId(), session);
    }

    /** Frames arrive in parts, so a frame larger than {@link WebSocketConfig#MAX_FRAME_BYTES} is refused, not fatal. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        SocketOutbox outbox = sockets.outboxOf(session);
        if (outbox != null && outbox.limits() != null) {
            outbox.limits().heard();
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        SocketOutbox outbox = sockets.outboxOf(session);
        if (outbox == null) {
            return;
        }
        outbox.limits().heard();
        if (message.isLast() && admitted(outbox)) {
            outbox.send(messages.error(SocketMessages.INVALID_FORMAT));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Caller caller = callerOf(session);
        SocketOutbox outbox = sockets.outboxOf(session);
        if (caller == null || outbox == null) {
            return;
        }
        SocketLimits limits = outbox.limits();
        limits.heard();
        String text = limits.append(message.getPayload(), message.isLast(), WebSocketConfig.MAX_FRAME_BYTES);
        if (text == null || !admitted(outbox)) {
            return;
        }
        if (limits.tokenExpired(clock.instant())) {
            keeper.expired(outbox);
            return;
        }
        if (text == SocketLimits.TOO_LARGE) {
            reply(session, messages.error(SocketMessages.INVALID_FORMAT));
            return;
        }
        JsonNode frame = parse(text);
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
        // the live feed broadcasts the stored mark, this socket first
        commands.sendAndWait(fromSocket(session, new MarkAttendance(live.classId(), live.sessionId(),
                studentId.asText(), status.get(), caller.userId())));
        metrics.markAccepted();
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

    /**
     * Takes the frame from the socket's rate: false if it is over it (answered {@code Too many requests}; past
     * {@code refusalsBeforeClose} refusals in one period the socket is closed with 1008).
     */
    private boolean admitted(SocketOutbox outbox) {
        return switch (outbox.limits().admit()) {
            case HANDLE -> true;
            case REFUSE -> {
                outbox.send(messages.error(SocketMessages.TOO_MANY_REQUESTS));
                yield false;
            }
            case CLOSE -> {
                log.info("Closing socket {}: it kept sending over its message rate", outbox.session().getId());
                outbox.sendThenClose(messages.error(SocketMessages.TOO_MANY_REQUESTS), CloseStatus.POLICY_VIOLATION);
                yield false;
            }
            case IGNORE -> false;
        };
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

    private JsonNode parse(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) { // not JSON, trailing content, a repeated key, too deep
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
