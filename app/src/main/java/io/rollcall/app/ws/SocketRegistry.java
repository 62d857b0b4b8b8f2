package io.rollcall.app.ws;

import io.rollcall.api.user.Role;
import io.rollcall.app.security.Caller;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open sockets by user id (a user may have several), each with its own outbox. */
@Component
public class SocketRegistry {

    private final Map<String, Set<SocketOutbox>> byUser = new ConcurrentHashMap<>();
    private final Map<String, SocketOutbox> bySession = new ConcurrentHashMap<>();
    private final SocketSenders senders;

    public SocketRegistry(SocketSenders senders) {
        this.senders = senders;
    }

    SocketOutbox register(String userId, WebSocketSession session) {
        SocketOutbox outbox = new SocketOutbox(session, senders);
        bySession.put(session.getId(), outbox);
        byUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(outbox);
        return outbox;
    }

    void unregister(String userId, WebSocketSession session) {
        SocketOutbox outbox = bySession.remove(session.getId());
        if (outbox != null && userId != null) {
            byUser.computeIfPresent(userId, (id, set) -> {
                set.remove(outbox);
                return set.isEmpty() ? null : set;
            });
        }
    }

    SocketOutbox outboxOf(WebSocketSession session) {
        return bySession.get(session.getId());
    }

    /** Open sockets whose caller has this role (the {@code rollcall_sockets} gauge). */
    public int connected(Role role) {
        int count = 0;
        for (SocketOutbox outbox : bySession.values()) {
            if (outbox.session().getAttributes().get(TokenHandshakeInterceptor.CALLER) instanceof Caller caller
                    && caller.role() == role) {
                count++;
            }
        }
        return count;
    }

    /** Queues one already-serialized message for every open socket of the user. */
    void sendToUser(String userId, TextMessage message) {
        Set<SocketOutbox> sockets = byUser.get(userId);
        if (sockets != null) {
            sockets.forEach(outbox -> outbox.send(message));
        }
    }
}
