package io.rollcall.app.eventstore;

import io.rollcall.app.config.ClusterSettings;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * On a clean shutdown, after commands and processors have stopped, leaves the event store's head for the next
 * start ({@link CleanShutdownHead}), which then needs no scan of the events to find it.
 */
@Component
public class HeadOnShutdown implements DisposableBean {

    private final RecentEventsStorage events;
    private final CleanShutdownHead heads;
    private final boolean singleWriter;

    public HeadOnShutdown(RecentEventsStorage events, CleanShutdownHead heads,
                          ClusterSettings cluster) {
        this.events = events;
        this.heads = heads;
        this.singleWriter = !cluster.shared();
    }

    @Override
    public void destroy() {
        MongoTrackingToken head = events.head();
        if (singleWriter && head != null) {
            heads.leave(head);
        }
    }
}
