package io.rollcall.app.axon;

import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
    private final EventStorageEngine storage;
    private final ProjectionReplayer replayer;
    private final ProjectionStatus status;
    /** Longer than any command can be in flight. */
    private final Duration margin;

    public ProjectionCatchUp(EventStorageEngine storage, ProjectionReplayer replayer, ProjectionStatus status,
                             @Value("${rollcall.catch-up-margin:PT1M}") Duration margin) {
        this.storage = storage;
        this.replayer = replayer;
        this.status = status;
        this.margin = margin;
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
        TrackingToken head = storage.createHeadToken();
        if (!(head instanceof MongoTrackingToken newest) || newest.getTimestamp() == null) {
            return; // an empty event store: nothing to catch up
        }
        Instant from = newest.getTimestamp().minus(margin);
        long count = replayer.replay(storage.createTokenAt(from), replayer.projections(), n -> { });
        log.info("Projections caught up: re-applied the {} events stored since {}", count, from);
    }
}
