package io.rollcall.app.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;

/**
 * Which projections have been built from the history ({@code projection_status}). A projection without a mark
 * (new in this release, or being rebuilt) is filled from the whole event history before it is trusted.
 */
@Component
public class ProjectionStatus {

    private final MongoCollection<Document> status;
    private final Clock clock;

    public ProjectionStatus(MongoDatabase database, Clock clock) {
        this.status = database.getCollection("projection_status");
        this.clock = clock;
    }

    public boolean isBuilt(String projection) {
        return status.find(Filters.eq("_id", projection)).first() != null;
    }

    /** Built, but with documents of an older shape than {@code version} (records before versions count as 1). */
    public boolean isOlderThan(String projection, int version) {
        Document built = status.find(Filters.eq("_id", projection)).first();
        return built != null && built.getInteger("version", 1) < version;
    }

    public void markBuilt(String projection, long events, int version) {
        status.replaceOne(Filters.eq("_id", projection), new Document("_id", projection)
                .append("builtAt", Date.from(clock.instant())).append("eventsApplied", events)
                .append("version", version),
                new ReplaceOptions().upsert(true));
    }
}
