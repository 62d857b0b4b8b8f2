package io.rollcall.app.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to sockets. Outboxes with pending messages wait in one ready queue; a few sender
 * threads take them in turn. A broadcast to a room of 200 wakes a sender or two instead of handing 200 tasks
 * to 200 threads. A broadcast's outboxes join the ready queue up to {@link #LINGER_MS} later, so that frames of
 * marks following each other closely are written to each socket together. Each outbox belongs to one of
 * {@link #LINGER_SLICES} slices, released in turn, one every {@code LINGER_MS / LINGER_SLICES}: a room's sockets are
 * written a slice at a time rather than all in one burst, which left the next mark (and its echo) waiting behind
 * 200 writes on the server and 200 sockets' frames in the client's event loop.
 *
 * <p>A sender writes a frame itself, blocking: a healthy socket takes it at once (the kernel buffers it), and that
 * costs a fraction of an asynchronous write, which hands every completion to another thread. A peer that stopped
 * reading makes a blocking write wait once its buffers are full, so a watcher looks at the senders every
 * {@link #WATCH_PERIOD_MS} ms: a sender in one write for longer than {@link #STALL_MS} ms is replaced by a new
 * thread (it ends once its write returns, at the latest after the send timeout), and its socket is written
 * asynchronously from then on, holding no thread (see {@link SocketOutbox}). At most {@link #MAX_STALLED}
 * stalled senders are replaced at a time.
 *
 * <p>Closing a socket whose peer stopped reading can block up to the send timeout (the close frame waits behind
 * the stuck write), so closes run aside, on at most {@link #CLOSE_THREADS} threads with at most
 * {@link #CLOSE_QUEUE} waiting; a close refused beyond that is left to the idle timeout, which closes the socket
 * later (its outbox already refuses everything).
 */
@Component
public class SocketSenders implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SocketSenders.class);
    static final int THREADS = 8;
    static final int MAX_STALLED = 64;
    static final long STALL_MS = 100;
    static final long WATCH_PERIOD_MS = 25;
    static final int CLOSE_THREADS = 4;
    static final int CLOSE_QUEUE = 10_000;
    /**
     * How long a room's frames may wait for the next ones before a sender writes them (not the echo to the
     * marking teacher, which goes at once). A write per frame was most of a mark's CPU: 201 system calls, each
     * a loopback TCP send, for a class of 200; with marks a few milliseconds apart, frames written together
     * halved it (docs/performance.md). Frames are batched only if the next mark comes within this time: at 5 ms a
     * server whose echo took 5-7 ms wrote each frame alone and stayed that slow; 15 ms halved the writes' share of
     * its CPU there, and 30 ms halved it again in warm runs (at 300 marks/s, up to nine frames per write), at
     * the cost of 10 ms more before the students see a mark and a few more on the slowest echoes. 30 ms is still
     * far below what a person notices.
     */
    static final long LINGER_MS = 30;
    /** Each outbox's frames wait for its slice's turn; the slices' turns are evenly spread over the linger. */
    static final int LINGER_SLICES = 8;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MS) / LINGER_SLICES;

    /** A released slice wakes one sender per this many outboxes; a woken sender drains until none is ready. */
    static final int OUTBOXES_PER_WAKEUP = 16;

    private final Queue<SocketOutbox> ready = new ConcurrentLinkedQueue<>();
    /**
     * Senders to wake. A blocking queue woke a sender per outbox, so every slice of a room of 200 woke all eight:
     * two thousand thread switches a second that did no more than two would. Permits left over when an awake
     * sender took the outbox first only make a sender look once more and find nothing. Outboxes behind a write that
     * stalls wait for the sender that replaces it (within {@link #STALL_MS} and a watch period), as they did when all
     * eight were stuck.
     */
    private final Semaphore wakeups = new Semaphore(0);
    /** Per slice, the outboxes to be drained at its next turn (see {@link #scheduleLingering}). */
    @SuppressWarnings("unchecked")
    private final Queue<SocketOutbox>[] lingering = new Queue[LINGER_SLICES];
    private final AtomicInteger nextSlice = new AtomicInteger();
    /** A release is scheduled; it schedules the next one while outboxes linger. */
    private final AtomicBoolean lingerArmed = new AtomicBoolean();
    /** The last slice turn (in units of {@link #SLICE_NANOS} of {@code nanoTime}) whose outboxes were released. */
    private volatile long releasedTurn;
    private final ThreadFactory senderThreads = daemonThreads("ws-send-");
    private final Set<Sender> running = ConcurrentHashMap.newKeySet();
    /** Senders replaced while stuck in a write that has not returned yet. */
    private final AtomicInteger stalled = new AtomicInteger();
    private final ScheduledExecutorService watcher =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("ws-send-watch-"));
    private final ThreadPoolExecutor closers = new ThreadPoolExecutor(CLOSE_THREADS, CLOSE_THREADS, 30,
            TimeUnit.SECONDS, new ArrayBlockingQueue<>(CLOSE_QUEUE), daemonThreads("ws-close-"),
            new ThreadPoolExecutor.AbortPolicy());
    private final Duration sendTimeout;
    private final long stallNanos;
    private volatile boolean destroyed;

    /** For tests of the outboxes alone. */
    public SocketSenders() {
        this(Duration.ofSeconds(5), Duration.ofMillis(STALL_MS));
    }

    @Autowired
    public SocketSenders(SocketSettings settings) {
        this(settings.sendTimeout(), Duration.ofMillis(STALL_MS));
    }

    /** For tests that hold a write on purpose: {@code stall} is how long a write may take before it counts as stuck. */
    SocketSenders(Duration sendTimeout, Duration stall) {
        this.sendTimeout = sendTimeout;
        this.stallNanos = stall.toNanos();
        closers.allowCoreThreadTimeOut(true);
        for (int i = 0; i < LINGER_SLICES; i++) {
            lingering[i] = new ConcurrentLinkedQueue<>();
        }
        for (int i = 0; i < THREADS; i++) {
            startSender();
        }
        watcher.scheduleWithFixedDelay(this::replaceStalled, WATCH_PERIOD_MS, WATCH_PERIOD_MS,
                TimeUnit.MILLISECONDS);
    }

    Duration sendTimeout() {
        return sendTimeout;
    }

    /** The outbox is drained as soon as a sender is free. */
    void schedule(SocketOutbox outbox) {
        ready.add(outbox);
        wakeups.release();
    }

    /** The slice of a new outbox: round robin, so a room's sockets are spread evenly over the slices. */
    int nextLingerSlice() {
        return Math.floorMod(nextSlice.getAndIncrement(), LINGER_SLICES);
    }

    /**
     * The outbox is drained at its slice's next turn, within {@link #LINGER_MS}: a room's frames of marks that
     * follow each other closely then leave together, one write per socket instead of one per frame.
     */
    void scheduleLingering(SocketOutbox outbox) {
        lingering[outbox.lingerSlice()].add(outbox);
        if (lingerArmed.compareAndSet(false, true)) {
            long now = System.nanoTime();
            // nothing lingered until now, so the turns since the last release had nothing to release
            releasedTurn = Math.floorDiv(now, SLICE_NANOS);
            scheduleRelease(now);
        }
    }

    private void scheduleRelease(long now) {
        long untilNextTurn = (Math.floorDiv(now, SLICE_NANOS) + 1) * SLICE_NANOS - now;
        try {
            watcher.schedule(this::releaseLingering, untilNextTurn, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            lingerArmed.set(false);
            for (Queue<SocketOutbox> slice : lingering) {
                release(slice);
            }
        }
    }

    /** On the watcher thread: releases the slices whose turn came (all of them if it ran late by a whole linger). */
    private void releaseLingering() {
        long now = System.nanoTime();
        long turn = Math.floorDiv(now, SLICE_NANOS);
        for (long t = Math.max(releasedTurn + 1, turn - LINGER_SLICES + 1); t <= turn; t++) {
            release(lingering[(int) Math.floorMod(t, LINGER_SLICES)]);
        }
        releasedTurn = turn;
        if (anyLingering()) {
            scheduleRelease(now);
            return;
        }
        lingerArmed.set(false);
        // one added between the look and the reset armed nothing; arm for it, keeping the turn count
        if (anyLingering() && lingerArmed.compareAndSet(false, true)) {
            scheduleRelease(now);
        }
    }

    private boolean anyLingering() {
        for (Queue<SocketOutbox> slice : lingering) {
            if (!slice.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void release(Queue<SocketOutbox> slice) {
        int released = 0;
        SocketOutbox outbox;
        while ((outbox = slice.poll()) != null) {
            ready.add(outbox);
            released++;
        }
        if (released > 0) {
            wakeups.release((released + OUTBOXES_PER_WAKEUP - 1) / OUTBOXES_PER_WAKEUP);
        }
    }

    void closeAside(SocketOutbox outbox, CloseStatus status) {
        try {
            closers.execute(() -> outbox.close(status));
        } catch (RejectedExecutionException full) {
            log.warn("Too many sockets closing at once; socket {} is left to the idle timeout",
                    outbox.session().getId());
        }
    }

    /** Closes on a closer thread; completes when the close returned (or failed, or was refused). */
    CompletableFuture<Void> closeAsync(SocketOutbox outbox, CloseStatus status) {
        try {
            return CompletableFuture.runAsync(() -> outbox.close(status), closers);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Threads closing sockets right now or kept alive for it (never more than {@link #CLOSE_THREADS}). */
    int closerThreads() {
        return closers.getPoolSize();
    }

    /** Sender threads right now, stalled ones included. */
    int senderThreads() {
        return running.size();
    }

    private void startSender() {
        Sender sender = new Sender();
        running.add(sender);
        senderThreads.newThread(sender).start();
    }

    /** A sender stuck in one write is replaced, and its socket is written asynchronously from then on. */
    private void replaceStalled() {
        long now = System.nanoTime();
        for (Sender sender : running) {
            long since = sender.writingSince;
            SocketOutbox outbox = sender.writing;
            if (since == 0 || outbox == null || sender.retired
                    || now - since < stallNanos) {
                continue;
            }
            outbox.writeAsynchronously();
            if (stalled.get() >= MAX_STALLED || destroyed) {
                continue; // so many stuck peers that the rest wait; the send timeout frees them
            }
            log.debug("A write to socket {} is stuck; another sender takes over", outbox.session().getId());
            sender.retired = true;
            stalled.incrementAndGet();
            startSender();
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        watcher.shutdownNow();
        running.forEach(Sender::interrupt);
        closers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One sender thread; its outbox tells it when it is in a blocking write. */
    final class Sender implements Runnable {
        private volatile long writingSince;
        private volatile SocketOutbox writing;
        private volatile boolean retired;
        private volatile Thread thread;

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                while (!retired && !destroyed) {
                    SocketOutbox outbox = ready.poll();
                    if (outbox == null) {
                        wakeups.acquire();
                    } else {
                        outbox.drain(this);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.remove(this);
                if (retired) {
                    stalled.decrementAndGet();
                }
            }
        }

        void writing(SocketOutbox outbox) {
            writing = outbox;
            writingSince = System.nanoTime();
        }

        void wrote() {
            writingSince = 0;
            writing = null;
        }

        private void interrupt() {
            Thread current = thread;
            if (current != null) {
                current.interrupt();
            }
        }
    }
}
