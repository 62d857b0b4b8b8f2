package io.rollcall.app.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to sockets. Outboxes with pending messages wait in one ready queue; a few sender
 * threads take them in turn. A broadcast to a room of 200 wakes a sender or two instead of handing 200 tasks
 * to 200 threads. A sender only starts a socket's (asynchronous) write, so a peer that stopped reading holds no
 * sender (see {@link SocketOutbox}).
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
    static final int CLOSE_THREADS = 4;
    static final int CLOSE_QUEUE = 10_000;

    private final BlockingQueue<SocketOutbox> ready = new LinkedBlockingQueue<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads("ws-send-"));
    private final ThreadPoolExecutor closers = new ThreadPoolExecutor(CLOSE_THREADS, CLOSE_THREADS, 30,
            TimeUnit.SECONDS, new ArrayBlockingQueue<>(CLOSE_QUEUE), daemonThreads("ws-close-"),
            new ThreadPoolExecutor.AbortPolicy());
    private final Duration sendTimeout;

    /** For tests of the outboxes alone. */
    public SocketSenders() {
        this(Duration.ofSeconds(5));
    }

    @Autowired
    public SocketSenders(SocketSettings settings) {
        this(settings.sendTimeout());
    }

    private SocketSenders(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        closers.allowCoreThreadTimeOut(true);
        for (int i = 0; i < THREADS; i++) {
            threads.execute(this::run);
        }
    }

    Duration sendTimeout() {
        return sendTimeout;
    }

    void schedule(SocketOutbox outbox) {
        ready.add(outbox);
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

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ready.take().drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
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
}
