package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.rollcall.app.security.Caller;
import io.rollcall.app.config.StrictJsonConfig;
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

/**
 * The live protocol's sockets: who may connect (and how many), and what happens to a frame before its event is
 * handled by {@link SocketEvents}. Before a frame is handled: it is put together from its parts (at most 16 KiB are kept; a larger frame is
 * {@code Invalid message format}), taken from the socket's rate ({@link SocketLimits}), checked against the
 * token's expiry, and parsed strictly ({@link StrictJsonConfig#strict}). While the database is unreachable a
 * frame that needs it is answered {@code Service unavailable} (see {@link SocketEvents}).
 */
@Component
public class AttendanceSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(AttendanceSocketHandler.class);
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final SocketEvents events;
    private final SocketRegistry sockets;
    private final SocketMessages messages;
    /**
     * Frames are read as trees by a reader made once, which resolves the tree deserializer here. The mapper's own
     * {@code readTree} looks it up in a cache per frame: a new service's first frame found that cache empty, and
     * the branch the rehearsal had never taken threw the whole compiled frame path away (docs/performance.md,
     * "The rehearsal in sessions").
     */
    private final ObjectReader frames;
    private final SocketSettings settings;
    private final SocketKeeper keeper;
    private final Clock clock;

    public AttendanceSocketHandler(SocketEvents events, SocketRegistry sockets, SocketMessages messages,
                                   ObjectMapper json, SocketSettings settings, SocketKeeper keeper, Clock clock) {
        this.events = events;
        this.sockets = sockets;
        this.messages = messages;
        this.frames = StrictJsonConfig.strict(json).readerFor(JsonNode.class);
        this.settings = settings;
        this.keeper = keeper;
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
            events.reply(session, messages.error(SocketMessages.INVALID_FORMAT));
            return;
        }
        JsonNode frame = parse(text);
        if (frame == null || !frame.path("event").isTextual()) {
            events.reply(session, messages.error(SocketMessages.INVALID_FORMAT));
            return;
        }
        events.handle(session, caller, frame.get("event").asText(), frame.path("data"));
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

    private JsonNode parse(String payload) {
        try {
            JsonNode node = frames.readValue(payload);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) { // not JSON, trailing content, a repeated key, too deep
            return null;
        }
    }

    private static Caller callerOf(WebSocketSession session) {
        return (Caller) session.getAttributes().get(TokenHandshakeInterceptor.CALLER);
    }
}
