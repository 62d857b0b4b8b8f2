package io.rollcall.app.ops;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness goes DOWN when MongoDB cannot be reached (the UP case runs in OperationsEndpointsTest). */
class MongoHealthIndicatorTest {

    @Test
    void anUnreachableDatabaseIsDownWithinTheProbeTimeout() {
        // port 1 on loopback: nothing listens there; the driver's own server selection would wait 30 s
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:1/")) {
            MongoHealthIndicator indicator = new MongoHealthIndicator(client.getDatabase("rollcall"));
            long start = System.nanoTime();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
