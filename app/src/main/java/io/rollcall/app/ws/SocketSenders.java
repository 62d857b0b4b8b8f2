package io.rollcall.app.ws;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to sockets. Outboxes with pending messages wait in one ready queue; a few sender
 * threads take them in turn. A broadcast to a room of 200 wakes a sender or two instead of handing 200 tasks
 * to 200 threads. A dead peer can hold one sender only until the container's blocking-send timeout
 * ({@link AttendanceSocketHandler#SEND_TIMEOUT_MS}), and there are {@link #THREADS} of them.
 */
@Component
public class SocketSenders implements DisposableBean {

    static final int THREADS = 8;

    private final BlockingQueue<SocketOutbox> ready = new LinkedBlockingQueue<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads("ws-send-"));
    /** Closing a socket whose peer stopped reading can block too; rare, so a thread each is fine. */
    private final ExecutorService closers = Executors.newCachedThreadPool(daemonThreads("ws-close-"));

    public SocketSenders() {
        for (int i = 0; i < THREADS; i++) {
            threads.execute(this::run);
        }
    }

    void schedule(SocketOutbox outbox) {
        ready.add(outbox);
    }

    void closeAside(SocketOutbox outbox, org.springframework.web.socket.CloseStatus status) {
        closers.execute(() -> outbox.close(status));
    }

    /** Closes on a thread of its own; completes when the close returned (or failed). */
    java.util.concurrent.CompletableFuture<Void> closeAsync(SocketOutbox outbox,
                                                            org.springframework.web.socket.CloseStatus status) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> outbox.close(status), closers);
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

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
