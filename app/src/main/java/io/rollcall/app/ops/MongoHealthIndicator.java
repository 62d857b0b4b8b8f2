package io.rollcall.app.ops;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * MongoDB reachability for {@code /health} and {@code /health/ready}: a {@code {ping: 1}} on the app's database
 * (Boot's own Mongo indicator needs Spring Data, which is not on the classpath). Named "mongo" in the health JSON.
 */
@Component("mongo")
public class MongoHealthIndicator extends AbstractHealthIndicator {

    /** A probe must answer quickly; without a bound the driver would wait 30 s to select a server. */
    static final long TIMEOUT_MS = 2_000;

    private final MongoDatabase database;

    public MongoHealthIndicator(MongoDatabase database) {
        super("MongoDB ping failed");
        this.database = database;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = database.withTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .runCommand(new Document("ping", 1));
        Object ok = reply.get("ok");
        if (ok instanceof Number number && number.doubleValue() == 1.0) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
