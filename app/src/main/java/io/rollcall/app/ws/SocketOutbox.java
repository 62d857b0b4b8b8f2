package io.rollcall.app.ws;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket's outgoing messages: a bounded queue that {@link SocketSenders} drains, one drain at a time, so a
 * broadcast only enqueues (it never waits on a slow socket), each socket still gets its messages in order, and
 * no two threads write to one socket. A socket that falls {@link #MAX_QUEUED} messages behind is closed. The
 * sender of a frame has it written before anyone else is sent it ({@link #sendNow}); other frames may wait a few
 * milliseconds for the next ones ({@link SocketSenders#scheduleLingering}), and what is queued is written together.
 *
 * <p>A sender thread writes a socket's frames blocking, which is cheap while the peer reads. Once a write has
 * stalled (see {@link SocketSenders}), the socket's text frames go through the container's asynchronous send: a
 * sender starts the write and moves on, and the write's completion schedules the next one. Such a peer holds no
 * thread: its writes stay pending until the container's send timeout fails them (then the socket is closed), or
 * it falls {@link #MAX_QUEUED} behind. Sockets without a container session (tests) are always written blocking.
 */
final class SocketOutbox {

    private static final Logger log = LoggerFactory.getLogger(SocketOutbox.class);
    static final int MAX_QUEUED = 1_000;
    /** Frames written in one go at most: a socket far behind still hands its sender back now and then. */
    static final int MAX_BATCH = 64;
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    /** A queued frame; {@code written} (if any) completes once it is on the wire, or was given up. */
    private record Outgoing(Object frame, CompletableFuture<Void> written) {
    }

    private final WebSocketSession session;
    private final SocketSenders senders;
    private final RemoteEndpoint.Async async;
    /**
     * The container's blocking sender, used directly for text frames: Spring's session wrapper asks the logger
     * whether it traces before every frame, and with a turbo filter installed logback runs it for every such
     * question (a profile put 5 % of a mark's CPU there, 200 frames per mark).
     */
    private final RemoteEndpoint.Basic basic;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** An asynchronous write is pending; its completion schedules the next drain. */
    private final AtomicBoolean inFlight = new AtomicBoolean();
    /** Held while writing, so the queue is written by one thread at a time, in order. */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean dropped = new AtomicBoolean();
    /** Set once a blocking write stalled: the peer reads slowly or not at all, so no thread waits on it again. */
    private volatile boolean asynchronous;
    /** Per-socket limits and state of the handler (rate, idle time, token expiry, partial frames). */
    private final SocketLimits limits;
    /** Which of the senders' linger slices this socket's lingering frames wait in. */
    private final int lingerSlice;

    SocketOutbox(WebSocketSession session, SocketSenders senders) {
        this(session, senders, null);
    }

    SocketOutbox(WebSocketSession session, SocketSenders senders, SocketLimits limits) {
        this.session = session;
        this.senders = senders;
        this.limits = limits;
        this.lingerSlice = senders.nextLingerSlice();
        jakarta.websocket.Session ws = nativeOf(session);
        this.async = ws == null ? null : ws.getAsyncRemote();
        this.basic = ws == null ? null : ws.getBasicRemote();
    }

    private static jakarta.websocket.Session nativeOf(WebSocketSession session) {
        return session instanceof NativeWebSocketSession wrapper
                ? wrapper.getNativeSession(jakarta.websocket.Session.class) : null;
    }

    WebSocketSession session() {
        return session;
    }

    SocketLimits limits() {
        return limits;
    }

    int lingerSlice() {
        return lingerSlice;
    }

    void send(TextMessage message) {
        if (enqueue(new Outgoing(message, null))) {
            scheduleDrain();
        }
    }

    /**
     * A ping, if nothing is waiting to be written: a socket busy writing is not idle on our side, and a completed
     * write counts as hearing from the peer (see {@link #written}).
     */
    void ping() {
        if (queued.get() == 0 && !inFlight.get() && enqueue(new Outgoing(new PingMessage(NO_PAYLOAD), null))) {
            scheduleDrain();
        }
    }

    /** Writes what is queued, then this message (if any), then closes the socket with {@code status}. */
    void sendThenClose(TextMessage message, CloseStatus status) {
        if ((message == null || enqueue(new Outgoing(message, null))) && enqueue(new Outgoing(status, null))) {
            scheduleDrain();
        } else {
            senders.closeAside(this, status);
        }
    }

    /** Adds to the queue; false if the socket is closed or was dropped for falling behind. */
    private boolean enqueue(Outgoing item) {
        if (dropped.get() || !session.isOpen()) {
            complete(item);
            return false;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            complete(item);
            if (!dropped.compareAndSet(false, true)) {
                return false;
            }
            log.warn("Closing socket {}: it cannot keep up with its class's messages", session.getId());
            clearQueue();
            // its write may be stuck on this socket, so the close goes to a thread of its own
            senders.closeAside(this, CloseStatus.SERVICE_OVERLOAD); // 1013: try again later
            return false;
        }
        queue.add(item);
        return true;
    }

    /**
     * Queues the message behind what is already queued for this socket and waits (up to the send timeout) until
     * it has been written: the sender of a mark has its echo on the wire before the rest of the room is sent it.
     */
    void sendNow(TextMessage message) {
        if (writeAtOnce(message)) {
            return;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!enqueue(new Outgoing(message, written))) {
            return;
        }
        scheduled.set(true);
        senders.schedule(this); // at once, even if a lingering drain is scheduled already
        try {
            written.get(senders.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a stuck peer: the others are served anyway; its own write fails or it is dropped later
        }
    }

    /**
     * {@link #sendNow}'s caller writes the frame itself when nothing is queued before it and no write is under
     * way: it would wait for that write anyway, and handing it to a sender thread costs two thread switches per
     * mark on the echo's path. It blocks no longer than the queued way (the container's blocking send timeout is
     * the send timeout). False if the frame must be queued instead.
     */
    private boolean writeAtOnce(TextMessage message) {
        if (basic == null || asynchronous || inFlight.get() || queued.get() > 0 || !writing.tryLock()) {
            return false;
        }
        try {
            // under the lock no drain is writing; an empty queue means nothing was to be written before this
            if (!queue.isEmpty() || inFlight.get() || dropped.get() || !session.isOpen()) {
                return false;
            }
            basic.sendText(message.getPayload());
            peerTookFrames();
        } catch (IOException | RuntimeException e) {
            failed();
        } finally {
            writing.unlock();
        }
        return true;
    }

    private void scheduleDrain() {
        if (scheduled.compareAndSet(false, true)) {
            if (asynchronous) {
                // one frame per write here, so waiting puts no more in it: a linger per frame held such a socket
                // to 33 frames a second, and a class marked faster than that left it to be dropped
                senders.schedule(this);
            } else {
                senders.scheduleLingering(this);
            }
        }
    }

    /** From now on text frames are written asynchronously (a blocking write to this socket stalled). */
    void writeAsynchronously() {
        asynchronous = true;
    }

    /** Called by a sender thread; one drain of an outbox is scheduled at a time (guarded by {@code scheduled}). */
    void drain(SocketSenders.Sender sender) {
        writing.lock();
        try {
            writeQueued(sender);
        } finally {
            scheduled.set(false);
            writing.unlock();
        }
        // a message may have arrived between the last poll and the reset of the flag
        if (!queue.isEmpty() && !inFlight.get()) {
            scheduleDrain();
        }
    }

    /**
     * Writes the queue out, or starts one asynchronous write and returns; the caller holds {@code writing}. Text
     * frames that queued up behind each other go out together: the container collects them in its buffer and
     * writes them in one system call (the kernel's send is most of what a frame costs), and they count as written
     * (their waiters are released) once that call returned.
     */
    private void writeQueued(SocketSenders.Sender sender) {
        List<Outgoing> batch = new ArrayList<>();
        Outgoing next = null;
        try {
            while (!inFlight.get() && (next = queue.poll()) != null) {
                queued.decrementAndGet();
                if (!session.isOpen()) {
                    complete(next);
                    continue;
                }
                if (next.frame() instanceof TextMessage text && basic != null && !asynchronous
                        && (!batch.isEmpty() || !queue.isEmpty())) {
                    if (batch.isEmpty()) {
                        basic.setBatchingAllowed(true);
                    }
                    batch.add(next);
                    next = null;
                    sender.writing(this);
                    try {
                        basic.sendText(text.getPayload()); // into the buffer; written when it is full, or below
                    } finally {
                        sender.wrote();
                    }
                    if (queue.isEmpty() || batch.size() >= MAX_BATCH) {
                        flush(batch, sender);
                    }
                    continue;
                }
                flush(batch, sender); // what was batched goes before this frame
                if (next.frame() instanceof CloseStatus status) {
                    clearQueue();
                    senders.closeAside(this, status);
                    return;
                }
                if (next.frame() instanceof TextMessage text && async != null && asynchronous) {
                    inFlight.set(true);
                    Outgoing sent = next;
                    next = null;
                    async.sendText(text.getPayload(), result -> written(sent, result));
                    return; // the completion schedules the rest
                }
                sender.writing(this);
                try {
                    if (next.frame() instanceof TextMessage text && basic != null) {
                        basic.sendText(text.getPayload());
                    } else {
                        session.sendMessage((org.springframework.web.socket.WebSocketMessage<?>) next.frame());
                    }
                } finally {
                    sender.wrote();
                }
                complete(next);
                if (next.frame() instanceof TextMessage) {
                    peerTookFrames();
                }
                next = null;
            }
            flush(batch, sender);
        } catch (IOException | RuntimeException e) {
            if (next != null) {
                complete(next);
            }
            batch.forEach(SocketOutbox::complete);
            failed();
        }
    }

    /** Writes the frames collected in the container's buffer, then releases their waiters. */
    private void flush(List<Outgoing> batch, SocketSenders.Sender sender) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        sender.writing(this);
        try {
            basic.setBatchingAllowed(false); // flushes the buffer
        } finally {
            sender.wrote();
        }
        batch.forEach(SocketOutbox::complete);
        batch.clear();
        peerTookFrames();
    }

    /** A peer that takes our frames is alive: a busy socket is not pinged, and a written frame stands for a pong. */
    private void peerTookFrames() {
        if (limits != null) {
            limits.heard();
        }
    }

    private void written(Outgoing sent, SendResult result) {
        complete(sent);
        inFlight.set(false);
        if (result.isOK()) {
            peerTookFrames();
            if (!queue.isEmpty()) {
                scheduleDrain();
            }
        } else {
            log.debug("A write to socket {} failed: {}", session.getId(), result.getException().toString());
            failed();
        }
    }

    /** The write failed (the peer is gone or stopped reading beyond the send timeout): give the socket up. */
    private void failed() {
        if (dropped.compareAndSet(false, true)) {
            clearQueue();
            senders.closeAside(this, CloseStatus.SERVER_ERROR);
        }
    }

    private void clearQueue() {
        Outgoing item;
        while ((item = queue.poll()) != null) {
            complete(item);
        }
        queued.set(0);
    }

    private static void complete(Outgoing item) {
        if (item.written() != null) {
            item.written().complete(null);
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
