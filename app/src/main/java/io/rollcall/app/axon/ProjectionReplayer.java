package io.rollcall.app.axon;

import io.rollcall.query.ProjectionWriter;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
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
 * Feeds stored events, in order, straight into projections' handlers (a rebuild fills copies of the views this
 * way, see {@link ProjectionRebuilds}). It does not reset the processors' positions: the token-based replay path
 * of axon-mongo 4.12 on Axon 4.13 misclassifies replayed events and grows replay tokens without bound. Projections
 * are idempotent for an in-order suffix of the history, which is what makes re-applying safe.
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

    /** The projections (the tracking processors; the live group is not one). */
    public List<TrackingEventProcessor> projections() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .toList();
    }

    /**
     * Applies every event after {@code from} (null: the whole history) to the given handlers (by projection name),
     * e.g. copies of projections being rebuilt. Their writes are sent in batches; all of them are in MongoDB when
     * this returns.
     *
     * @return how many events were applied
     */
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
