package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.app.eventstore.StoredEvents;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Where a projection without a stored position starts. A new one starts at what was stored before this process
 * started, which a rebuild fills in at start ({@link ProjectionStartup}): one pass over the history for every new
 * projection, instead of each processor scanning the event collection on its own. One that was built by an
 * earlier release (which applied events in the command's thread and kept no position) starts
 * {@code rollcall.catch-up-margin} before the newest stored event: that release could only have missed the
 * newest ones, and the projections are idempotent.
 */
@Component
public class InitialPositions {

    private final ProjectionStatus status;
    private final RecentEventsStorage events;
    private final MongoDatabase database;
    private final Duration margin;

    public InitialPositions(ProjectionStatus status, RecentEventsStorage events, MongoDatabase database,
                            @Value("${rollcall.catch-up-margin:PT1M}") Duration margin) {
        this.status = status;
        this.events = events;
        this.database = database;
        this.margin = margin;
    }

    TrackingToken of(String projection, StreamableMessageSource<TrackedEventMessage<?>> source) {
        if (!status.isBuilt(projection)) {
            return events.floor(); // null for an empty store: from the start
        }
        return StoredEvents.newestTimestamp(database)
                .map(newest -> source.createTokenAt(newest.minus(margin)))
                .orElseGet(source::createTailToken);
    }
}
