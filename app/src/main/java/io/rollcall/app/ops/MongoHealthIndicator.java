package io.rollcall.app.ops;

import com.mongodb.client.MongoDatabase;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * MongoDB for {@code /health} and {@code /health/ready}: a bounded read of one document of a small collection on
 * the app's database (Boot's own Mongo indicator needs Spring Data, which is not on the classpath). A read, not a
 * {@code ping}: the embedded server answers {@code ping} without touching its storage, so a broken data file
 * would still look healthy. Named "mongo" in the health JSON.
 */
@Component("mongo")
public class MongoHealthIndicator extends AbstractHealthIndicator {

    /** A probe must answer quickly; without a bound the driver could wait for server selection much longer. */
    static final long TIMEOUT_MS = 2_000;
    /** A handful of documents, one per projection (written at every start), so the read costs nothing. */
    static final String PROBED_COLLECTION = "projection_status";

    private final MongoDatabase database;

    public MongoHealthIndicator(MongoDatabase database) {
        super("MongoDB read failed");
        this.database = database;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        database.withTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).getCollection(PROBED_COLLECTION)
                .find().limit(1).first(); // throws (and so reports DOWN) if the store cannot be read
        builder.up();
    }
}
