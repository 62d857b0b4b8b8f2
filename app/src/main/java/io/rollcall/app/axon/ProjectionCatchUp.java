package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Brings every projection up to date at start, before it is trusted:
 * <ol>
 * <li>a projection never built on this database (added in a later release) is filled from the whole history;
 * <li>the events of the last minute ({@code rollcall.catch-up-margin}) before the newest are applied again to
 * every projection. Without
 * transactions a process could die after an event was stored but before every projection applied it; such
 * events can only be the newest ones.
 * </ol>
 */
@Component
public class ProjectionCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);
    static final String EVENTS = "domainevents";

    private final EventStorageEngine storage;
    private final MongoDatabase database;
    private final ProjectionReplayer replayer;
    private final ProjectionStatus status;
    /** Longer than any command can be in flight. */
    private final Duration margin;

    public ProjectionCatchUp(EventStorageEngine storage, MongoDatabase database, ProjectionReplayer replayer,
                             ProjectionStatus status, @Value("${rollcall.catch-up-margin:PT1M}") Duration margin) {
        this.storage = storage;
        this.database = database;
        this.replayer = replayer;
        this.status = status;
        this.margin = margin;
    }

    /**
     * When the newest stored event was written. (The storage engine's head token is "now", not the newest
     * event, so it cannot tell how long ago the process died.) The event documents keep the time as a
     * fixed-width ISO-8601 string, which sorts chronologically.
     */
    private Optional<Instant> newestEventTime() {
        Document newest = database.getCollection(EVENTS).find()
                .sort(Sorts.descending("timestamp")).projection(Projections.include("timestamp")).first();
        return Optional.ofNullable(newest).map(doc -> doc.get("timestamp")).map(value ->
                value instanceof Date date ? date.toInstant() : Instant.parse(value.toString()));
    }

    @EventListener(ApplicationStartedEvent.class)
    public void bringProjectionsUpToDate() {
        List<SubscribingEventProcessor> unbuilt = replayer.projections().stream()
                .filter(p -> !status.isBuilt(p.getName()))
                .toList();
        if (!unbuilt.isEmpty()) {
            long events = replayer.replay(null, unbuilt, n -> { });
            unbuilt.forEach(p -> status.markBuilt(p.getName(), events));
            log.info("Projections {} built from the whole history ({} events)",
                    unbuilt.stream().map(SubscribingEventProcessor::getName).toList(), events);
        }
        Optional<Instant> newest = newestEventTime();
        if (newest.isEmpty()) {
            return; // an empty event store: nothing to catch up
        }
        Instant from = newest.get().minus(margin);
        long count = replayer.replay(storage.createTokenAt(from), replayer.projections(), n -> { });
        log.info("Projections caught up: re-applied the {} events stored since {}", count, from);
    }
}
