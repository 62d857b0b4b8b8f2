package io.rollcall.app.ops;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness goes DOWN when MongoDB cannot be reached or cannot read (the UP case also runs end to end). */
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

    /** A backend whose storage fails while the server itself still answers, as a broken data file would. */
    static final class BrokenStorage extends MemoryBackend {
        volatile boolean broken;

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (broken && !command.equalsIgnoreCase("ping") && !command.equalsIgnoreCase("hello")
                    && !command.equalsIgnoreCase("ismaster")) {
                throw new MongoServerException("storage is broken");
            }
            return super.handleCommand(channel, database, command, query);
        }
    }

    @Test
    void aStoreThatCannotBeReadIsDownEvenThoughPingAnswers() {
        BrokenStorage backend = new BrokenStorage();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoDatabase database = client.getDatabase("rollcall");
            database.getCollection(MongoHealthIndicator.PROBED_COLLECTION)
                    .insertOne(new org.bson.Document("_id", "users").append("built", true));
            MongoHealthIndicator indicator = new MongoHealthIndicator(database);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            backend.broken = true;
            assertThat(database.runCommand(new org.bson.Document("ping", 1)).get("ok"))
                    .as("ping still answers").isIn(1, 1.0);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            server.shutdownNow();
        }
    }
}
