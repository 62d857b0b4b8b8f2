package io.rollcall.app.ws;

import io.rollcall.api.user.Role;
import io.rollcall.app.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The open sockets by user id (a user may have several), each with its own outbox.
 *
 * <p>On shutdown it stops first (a {@link SmartLifecycle} in the last phase, so before the web server's graceful
 * shutdown and before the beans it uses go away): every open socket is told close code 1001 (going away), and a
 * socket that connects after that point is closed the same way.
 */
@Component
public class SocketRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SocketRegistry.class);
    /** How long shutdown waits for the close frames; a peer that stopped reading can hold a close this long. */
    static final long CLOSE_WAIT_MS = 5_000;

    /**
     * Each user's sockets, as an array replaced on every change: a broadcast reads one per student of the room,
     * and iterating a concurrent set scanned its whole (mostly empty) table for the one socket most users have.
     */
    private final Map<String, SocketOutbox[]> byUser = new ConcurrentHashMap<>();
    private final Map<String, SocketOutbox> bySession = new ConcurrentHashMap<>();
    private final SocketSenders senders;
    private final int socketsPerUser;
    private final int socketsPerNode;
    private volatile boolean running;
    /** Set once shutdown began (not merely "not started": a registry used on its own accepts sockets). */
    private volatile boolean stopped;

    /** For tests of the outboxes alone: no caps. */
    public SocketRegistry(SocketSenders senders) {
        this(senders, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Autowired
    public SocketRegistry(SocketSenders senders, SocketSettings settings) {
        this(senders, settings.socketsPerUser(), settings.socketsPerNode());
    }

    SocketRegistry(SocketSenders senders, int socketsPerUser, int socketsPerNode) {
        this.senders = senders;
        this.socketsPerUser = socketsPerUser;
        this.socketsPerNode = socketsPerNode;
    }

    /** Why a socket was not admitted. */
    enum Refusal { USER_CAP, NODE_CAP }

    /** Thrown by {@link #register} when a cap is reached; nothing was registered. */
    static final class CapReached extends RuntimeException {
        final Refusal refusal;

        CapReached(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    SocketOutbox register(String userId, WebSocketSession session) {
        return register(userId, session, null);
    }

    /**
     * Registers the socket with its own outbox, unless the user already holds {@code socketsPerUser} sockets or
     * the server {@code socketsPerNode} ({@link CapReached}). Registrations are serialized so the caps hold
     * exactly; closing sockets are removed without waiting.
     */
    synchronized SocketOutbox register(String userId, WebSocketSession session, SocketLimits limits) {
        if (bySession.size() >= socketsPerNode) {
            throw new CapReached(Refusal.NODE_CAP);
        }
        SocketOutbox[] own = byUser.get(userId);
        if (own != null && own.length >= socketsPerUser) {
            throw new CapReached(Refusal.USER_CAP);
        }
        SocketOutbox outbox = new SocketOutbox(session, senders, limits);
        bySession.put(session.getId(), outbox);
        byUser.merge(userId, new SocketOutbox[] {outbox}, SocketRegistry::joined);
        if (stopped) { // connected while the application shuts down
            outbox.close(CloseStatus.GOING_AWAY);
        }
        return outbox;
    }

    /** Every open socket's outbox, for the keeper's pings, idle and expiry checks. */
    Collection<SocketOutbox> all() {
        return bySession.values();
    }

    /** Open sockets (all users). */
    int size() {
        return bySession.size();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stopped = true;
        running = false;
        List<SocketOutbox> open = new ArrayList<>(bySession.values());
        if (open.isEmpty()) {
            return;
        }
        log.info("Shutting down: closing {} WebSocket connection(s) with 1001 (going away)", open.size());
        CompletableFuture<?>[] closes = open.stream()
                .map(outbox -> senders.closeAsync(outbox, CloseStatus.GOING_AWAY))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closes).get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Shutting down: not every WebSocket close completed within {} ms", CLOSE_WAIT_MS);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last phase to start, the first to stop: before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    void unregister(String userId, WebSocketSession session) {
        SocketOutbox outbox = bySession.remove(session.getId());
        if (outbox != null && outbox.limits() != null) {
            outbox.limits().release();
        }
        if (outbox != null && userId != null) {
            byUser.computeIfPresent(userId, (id, sockets) -> without(sockets, outbox));
        }
    }

    SocketOutbox outboxOf(WebSocketSession session) {
        return outboxOf(session.getId());
    }

    SocketOutbox outboxOf(String sessionId) {
        return bySession.get(sessionId);
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

    /** Queues one already-serialized message for every open socket of the user but {@code except}. */
    void sendToUser(String userId, TextMessage message, SocketOutbox except) {
        SocketOutbox[] sockets = byUser.get(userId);
        if (sockets != null) {
            for (SocketOutbox outbox : sockets) {
                if (outbox != except) {
                    outbox.send(message);
                }
            }
        }
    }

    private static SocketOutbox[] joined(SocketOutbox[] sockets, SocketOutbox[] more) {
        SocketOutbox[] all = Arrays.copyOf(sockets, sockets.length + more.length);
        System.arraycopy(more, 0, all, sockets.length, more.length);
        return all;
    }

    /** The user's sockets but {@code gone}; null (no entry) when none is left. */
    private static SocketOutbox[] without(SocketOutbox[] sockets, SocketOutbox gone) {
        SocketOutbox[] left = Arrays.stream(sockets).filter(outbox -> outbox != gone).toArray(SocketOutbox[]::new);
        return left.length == 0 ? null : left;
    }
}
