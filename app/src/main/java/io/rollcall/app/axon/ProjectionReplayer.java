package io.rollcall.app.axon;

import io.rollcall.query.ProjectionWriter;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Feeds stored events, in order, straight into projections' handlers. Projections run subscribing, so a
 * replay needs no tracking token: this avoids the token-based replay path of axon-mongo 4.12 on Axon 4.13
 * (replayed events misclassified, replay tokens growing without bound). Projections are idempotent for an
 * in-order suffix of the history, which is what makes re-applying safe.
 */
@Component
public class ProjectionReplayer {

    private final EventStorageEngine storage;
    private final EventProcessingConfiguration processing;
    private final ProjectionWriter writes;

    public ProjectionReplayer(EventStorageEngine storage, EventProcessingConfiguration processing,
                              ProjectionWriter writes) {
        this.storage = storage;
        this.processing = processing;
        this.writes = writes;
    }

    /** The projections (subscribing processors) by processing group name. */
    public List<SubscribingEventProcessor> projections() {
        return processing.eventProcessors().values().stream()
                .filter(SubscribingEventProcessor.class::isInstance)
                .map(SubscribingEventProcessor.class::cast)
                .toList();
    }

    /**
     * Applies every event after {@code from} (null: the whole history) to the given projections. Their writes
     * are sent in batches; all of them are in MongoDB when this returns.
     *
     * @return how many events were applied
     */
    public long replay(TrackingToken from, List<SubscribingEventProcessor> projections, LongConsumer progress) {
        Map<String, EventHandlerInvoker> handlers = new LinkedHashMap<>();
        projections.forEach(p -> handlers.put(p.getName(), p.eventHandlerInvoker()));
        return replayInto(from, handlers, progress);
    }

    /** The same, into any event handlers (by projection name), e.g. copies of projections being rebuilt. */
    public long replayInto(TrackingToken from, Map<String, EventHandlerInvoker> handlers, LongConsumer progress) {
        return writes.batched(() -> applyAll(from, handlers, progress));
    }

    private long applyAll(TrackingToken from, Map<String, EventHandlerInvoker> handlers, LongConsumer progress) {
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, true)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                for (Map.Entry<String, EventHandlerInvoker> projection : handlers.entrySet()) {
                    DefaultUnitOfWork.startAndGet(event).execute(() -> {
                        try {
                            projection.getValue().handle(event, Segment.ROOT_SEGMENT);
                        } catch (Exception e) {
                            throw new IllegalStateException("Replay into " + projection.getKey() + " failed", e);
                        }
                    });
                }
                progress.accept(++count);
            }
        }
        return count;
    }
}
