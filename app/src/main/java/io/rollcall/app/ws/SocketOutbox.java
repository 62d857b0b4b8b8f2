package io.rollcall.app.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One socket's outgoing messages: a bounded queue that {@link SocketSenders} drains, one drain at a time, so a
 * broadcast only enqueues (it never waits on a slow socket), each socket still gets its messages in order, and
 * no two threads write to one socket. A socket that falls {@link #MAX_QUEUED} messages behind is closed.
 */
final class SocketOutbox {

    private static final Logger log = LoggerFactory.getLogger(SocketOutbox.class);
    static final int MAX_QUEUED = 1_000;

    private final WebSocketSession session;
    private final SocketSenders senders;
    private final Queue<TextMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();

    SocketOutbox(WebSocketSession session, SocketSenders senders) {
        this.session = session;
        this.senders = senders;
    }

    WebSocketSession session() {
        return session;
    }

    void send(TextMessage message) {
        if (dropped.get() || !session.isOpen()) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            if (!dropped.compareAndSet(false, true)) {
                return;
            }
            log.warn("Closing socket {}: it cannot keep up with its class's messages", session.getId());
            queue.clear();
            // its sender may be stuck in a write to this socket, so the close goes to a thread of its own
            senders.closeAside(this, CloseStatus.SERVICE_OVERLOAD); // 1013: try again later
            return;
        }
        queue.add(message);
        if (scheduled.compareAndSet(false, true)) {
            senders.schedule(this);
        }
    }

    /** Called by one sender thread at a time (guarded by {@code scheduled}). */
    void drain() {
        try {
            TextMessage next;
            while ((next = queue.poll()) != null) {
                queued.decrementAndGet();
                if (session.isOpen()) {
                    session.sendMessage(next);
                }
            }
        } catch (IOException | RuntimeException e) {
            queue.clear();
            queued.set(0);
            close(CloseStatus.SERVER_ERROR);
        } finally {
            scheduled.set(false);
            // a message may have arrived between the last poll and the reset of the flag
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                senders.schedule(this);
            }
        }
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }
}
