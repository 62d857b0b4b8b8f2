package io.rollcall.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** The meters the live path records into: marks and the fan-out time of a broadcast. */
@Component
public class RollcallMetrics {

    private final Counter marks;
    private final Timer broadcast;

    public RollcallMetrics(MeterRegistry registry) {
        this.marks = Counter.builder("rollcall.marks")
                .description("Attendance marks accepted (its rate is marks per second)")
                .register(registry);
        this.broadcast = Timer.builder("rollcall.broadcast")
                .description("Time to fan one frame out to a class's open sockets (queueing, not delivery)")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void markAccepted() {
        marks.increment();
    }

    public void timeBroadcast(Runnable fanOut) {
        broadcast.record(fanOut);
    }
}
