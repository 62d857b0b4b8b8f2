package io.rollcall.app.throttle;

import io.rollcall.app.envelope.RetryLaterException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Answers a throttled signup or login (429) after a short delay rather than at once. A client that ignores
 * Retry-After and retries in a loop is then held to one request per delay per connection instead of thousands a
 * second, each of which costs the server a full HTTP round while marks wait for the CPU. The wait holds no thread:
 * the request is asynchronous meanwhile. The delay never exceeds the answer's own Retry-After, so a client that
 * honours it loses nothing; at most {@link #MAX_WAITING} answers wait at once, beyond that they go out at once.
 */
@Component
public class DelayedRefusals implements DisposableBean {

    static final int MAX_WAITING = 10_000;

    private final Duration delay;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "throttle-refusals");
        thread.setDaemon(true);
        return thread;
    });

    public DelayedRefusals(ThrottleSettings settings) {
        this.delay = settings.refusalDelay();
    }

    /** The answer of {@code work}; its failure as for a handler that threw it, a throttle's 429 after the delay. */
    public <T> DeferredResult<T> answer(Supplier<T> work) {
        DeferredResult<T> result = new DeferredResult<>();
        try {
            result.setResult(work.get());
        } catch (RetryLaterException refused) {
            refuseLater(result, refused);
        } catch (RuntimeException failed) {
            result.setErrorResult(failed);
        }
        return result;
    }

    private void refuseLater(DeferredResult<?> result, RetryLaterException refused) {
        long millis = Math.min(delay.toMillis(), refused.retryAfterSeconds() * 1000);
        if (refused.status() != HttpStatus.TOO_MANY_REQUESTS || millis <= 0) {
            result.setErrorResult(refused);
            return;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            result.setErrorResult(refused);
            return;
        }
        try {
            timer.schedule(() -> {
                waiting.decrementAndGet();
                result.setErrorResult(refused);
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            waiting.decrementAndGet();
            result.setErrorResult(refused);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
