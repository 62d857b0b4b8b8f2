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
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket's outgoing messages: a bounded queue that {@link SocketSenders} drains, one drain at a time, so a
 * broadcast only enqueues (it never waits on a slow socket), each socket still gets its messages in order, and
 * no two threads write to one socket. A socket that falls {@link #MAX_QUEUED} messages behind is closed. The
 * sender of a frame has it written before anyone else is sent it ({@link #sendNow}).
 */
final class SocketOutbox {

    private static final Logger log = LoggerFactory.getLogger(SocketOutbox.class);
    static final int MAX_QUEUED = 1_000;

    private final WebSocketSession session;
    private final SocketSenders senders;
    private final Queue<TextMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Held while writing, so the queue is written by one thread at a time, in order. */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean dropped = new AtomicBoolean();

    SocketOutbox(WebSocketSession session, SocketSenders senders) {
        this.session = session;
        this.senders = senders;
    }

    WebSocketSession session() {
        return session;
    }

    void send(TextMessage message) {
        if (enqueue(message)) {
            scheduleDrain();
        }
    }

    /** Adds to the queue; false if the socket is closed or was dropped for falling behind. */
    private boolean enqueue(TextMessage message) {
        if (dropped.get() || !session.isOpen()) {
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            if (!dropped.compareAndSet(false, true)) {
                return false;
            }
            log.warn("Closing socket {}: it cannot keep up with its class's messages", session.getId());
            queue.clear();
            // its sender may be stuck in a write to this socket, so the close goes to a thread of its own
            senders.closeAside(this, CloseStatus.SERVICE_OVERLOAD); // 1013: try again later
            return false;
        }
        queue.add(message);
        return true;
    }

    /**
     * Queues the message behind what is already queued for this socket and writes them all in the calling thread
     * before returning: the sender of a mark has its echo on the wire before the rest of the room is sent it.
     */
    void sendNow(TextMessage message) {
        if (!enqueue(message)) {
            return;
        }
        writing.lock();
        try {
            writeQueued();
        } finally {
            writing.unlock();
        }
        if (!queue.isEmpty()) {
            scheduleDrain(); // queued by another thread while this one was finishing
        }
    }

    private void scheduleDrain() {
        if (scheduled.compareAndSet(false, true)) {
            senders.schedule(this);
        }
    }

    /** Called by a sender thread; one drain of an outbox is scheduled at a time (guarded by {@code scheduled}). */
    void drain() {
        writing.lock();
        try {
            writeQueued();
        } finally {
            scheduled.set(false);
            writing.unlock();
        }
        // a message may have arrived between the last poll and the reset of the flag
        if (!queue.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Writes the queue out; the caller holds {@code writing}. */
    private void writeQueued() {
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
