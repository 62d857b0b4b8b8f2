package io.rollcall.app.throttle;

import io.rollcall.app.envelope.RetryLaterException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt, on a small pool of its own. A hash costs tens of milliseconds of CPU on purpose; run on the request
 * threads, a login flood would occupy every one of them and starve the live path (WebSocket frames and the
 * other routes share those threads). Here at most {@code hashingThreads} hashes run at once and
 * {@code hashingQueue} wait; a request beyond that is answered 503 {@code Service unavailable} with
 * {@code Retry-After: 1} at once (503 rather than 429: the server is busy, the caller did nothing wrong).
 */
@Component
public class PasswordHashing implements DisposableBean {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final PasswordEncoder encoder;
    private final ThreadPoolExecutor pool;

    public PasswordHashing(PasswordEncoder encoder, ThrottleSettings settings) {
        this.encoder = encoder;
        int threads = settings.hashingThreadsFor(Runtime.getRuntime().availableProcessors());
        BlockingQueue<Runnable> queue = settings.hashingQueue() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(settings.hashingQueue());
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, work -> {
            Thread thread = new Thread(work, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    public String encode(String password) {
        return run(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return run(() -> encoder.matches(password, hash));
    }

    private <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException full) {
            throw RetryLaterException.serviceUnavailable(RETRY_AFTER);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw RetryLaterException.serviceUnavailable(RETRY_AFTER);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Hashes waiting for a thread. */
    int queued() {
        return pool.getQueue().size();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
