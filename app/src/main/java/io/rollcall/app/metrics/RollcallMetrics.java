package io.rollcall.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * The meters the live path records into: marks, the server's part of a mark's echo latency, and the fan-out time
 * of a broadcast.
 */
@Component
public class RollcallMetrics {

    private final Counter marks;
    private final Timer markHandling;
    private final Timer broadcast;

    public RollcallMetrics(MeterRegistry registry) {
        this.marks = Counter.builder("rollcall.marks")
                .description("Attendance marks accepted (its rate is marks per second)")
                .register(registry);
        // what the server adds to a teacher's echo, apart from the network and the client's own delays
        this.markHandling = Timer.builder("rollcall.marks.handling")
                .description("Time from reading a mark's frame to its echo written to the teacher's socket")
                .publishPercentileHistogram()
                .register(registry);
        this.broadcast = Timer.builder("rollcall.broadcast")
                .description("Time to fan one frame out to a class's open sockets (queueing, not delivery)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A mark was stored and echoed; {@code startNanos} is when its frame was read ({@link System#nanoTime}). */
    public void markAccepted(long startNanos) {
        marks.increment();
        markHandling.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void timeBroadcast(Runnable fanOut) {
        broadcast.record(fanOut);
    }
}
