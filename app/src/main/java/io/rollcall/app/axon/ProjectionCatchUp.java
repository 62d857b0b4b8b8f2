package io.rollcall.app.axon;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Closes the one gap of projecting in the command's thread without transactions: a process that dies after an
 * event is stored but before every projection applied it. Such events can only be the newest ones, so at start
 * the events of the last {@link #MARGIN} before the newest are applied again, in order, to every projection.
 * Projections are idempotent for an in-order suffix of the history, so re-applying what they already had is
 * harmless.
 */
@Component
public class ProjectionCatchUp {

    private static final Logger log = LoggerFactory.getLogger(ProjectionCatchUp.class);
    /** Longer than any command can be in flight. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    private final EventStorageEngine storage;
    private final EventProcessingConfiguration processing;

    public ProjectionCatchUp(EventStorageEngine storage, EventProcessingConfiguration processing) {
        this.storage = storage;
        this.processing = processing;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void reapplyRecentEvents() {
        TrackingToken head = storage.createHeadToken();
        if (!(head instanceof MongoTrackingToken newest) || newest.getTimestamp() == null) {
            return; // an empty event store: nothing to catch up
        }
        Instant from = newest.getTimestamp().minus(MARGIN);
        List<EventProcessor> projections = processing.eventProcessors().values().stream()
                .filter(SubscribingEventProcessor.class::isInstance)
                .toList();
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(storage.createTokenAt(from), true)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                for (EventProcessor projection : projections) {
                    DefaultUnitOfWork.startAndGet(event).execute(() -> {
                        try {
                            ((SubscribingEventProcessor) projection).eventHandlerInvoker()
                                    .handle(event, Segment.ROOT_SEGMENT);
                        } catch (Exception e) {
                            throw new IllegalStateException("Catch-up of " + projection.getName() + " failed", e);
                        }
                    });
                }
                count++;
            }
        }
        log.info("Projections caught up: re-applied the {} events stored since {}", count, from);
    }
}
