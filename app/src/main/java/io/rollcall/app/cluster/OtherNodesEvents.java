package io.rollcall.app.cluster;

import io.rollcall.app.config.ClusterSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.rollcall.app.eventstore.KeyedLookupStorageStrategy;
import io.rollcall.app.eventstore.StoredEvents;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.SubscribableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The events other nodes store, as this node learns of them: a change stream on the event collection (MongoDB's
 * own feed of committed writes, in commit order; on the embedded server it needs the oplog). Each is handed to
 * the live group, as this node's own events are after their append, and the aggregate it belongs to is dropped
 * from this node's cache first, so the next command or live read here loads it with that event.
 */
public class OtherNodesEvents implements SubscribableMessageSource<EventMessage<?>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OtherNodesEvents.class);
    private static final Duration RETRY = Duration.ofMillis(500);
    /** Events handed to the live group at most in one batch. */
    private static final int MAX_BATCH = 500;
    /** How long MongoDB may hold a poll of the stream open while nothing happens. */
    private static final Duration AWAIT = Duration.ofMillis(200);
    /**
     * A server that answers an empty poll at once instead of holding it (the embedded one scans its oplog for
     * each) is polled this often, not in a busy loop; a frame of another node can be this much later.
     */
    private static final Duration IDLE_POLL = Duration.ofMillis(50);

    private final MongoDatabase database;
    private final Serializer serializer;
    private final Cache aggregates;
    private final NodeOrigin node;
    private final boolean shared;
    private final KeyedLookupStorageStrategy documents = new KeyedLookupStorageStrategy(Duration.ZERO, false, false);
    private final List<Consumer<List<? extends EventMessage<?>>>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean following;
    private Thread follower;
    /** Where the stream resumes after a lost connection, so no event of the gap is missed. */
    private BsonDocument resumeAfter;

    public OtherNodesEvents(MongoDatabase database, Serializer serializer, Cache aggregates, NodeOrigin node,
                            ClusterSettings cluster) {
        this.shared = cluster.shared();
        this.database = database;
        this.serializer = serializer;
        this.aggregates = aggregates;
        this.node = node;
    }

    @Override
    public Registration subscribe(Consumer<List<? extends EventMessage<?>>> handler) {
        subscribers.add(handler);
        return () -> subscribers.remove(handler);
    }

    /** Whether the change stream is open (tests wait for it before the other node writes). */
    public boolean isFollowing() {
        return following;
    }

    /** Followed only when other nodes share the database. */
    @Override
    public boolean isAutoStartup() {
        return shared;
    }

    @Override
    public synchronized void start() {
        running = true;
        follower = new Thread(this::follow, "other-nodes-events");
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (follower != null) {
            follower.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            var stream = database.getCollection(StoredEvents.COLLECTION)
                    .watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
                    .maxAwaitTime(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (resumeAfter != null) {
                stream = stream.resumeAfter(resumeAfter);
            }
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = stream.cursor()) {
                following = true;
                while (running) {
                    long polled = System.nanoTime();
                    ChangeStreamDocument<Document> change = changes.tryNext();
                    if (change != null) {
                        List<Document> stored = new ArrayList<>();
                        stored.add(change.getFullDocument());
                        while (changes.available() > 0 && stored.size() < MAX_BATCH) {
                            change = changes.next(); // already fetched: no round trip
                            stored.add(change.getFullDocument());
                        }
                        handle(stored);
                        resumeAfter = change.getResumeToken();
                    } else if (System.nanoTime() - polled < IDLE_POLL.toNanos()) {
                        LockSupport.parkNanos(IDLE_POLL.toNanos());
                    }
                }
            } catch (MongoException | IllegalStateException e) {
                following = false;
                if (running) {
                    log.warn("Lost the feed of other nodes' events ({}); reopening", e.toString());
                    LockSupport.parkNanos(RETRY.toNanos());
                }
            }
        }
        following = false;
    }

    /**
     * Hands the events over as one batch: the live group handles it in one unit of work, in which each class is
     * loaded once, however many of its events the batch holds (a node that falls behind catches up in larger,
     * cheaper batches).
     */
    private void handle(List<Document> stored) {
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (Document document : stored) {
            if (document == null) {
                continue;
            }
            var events = EventStreamUtils.upcastAndDeserializeDomainEvents(documents.eventsIn(document), serializer,
                    NoOpEventUpcaster.INSTANCE);
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                if (!node.stored(event)) { // this node's own were handled in the thread of their command
                    batch.add(event);
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        batch.stream().map(DomainEventMessage::getAggregateIdentifier).distinct().forEach(aggregates::remove);
        for (Consumer<List<? extends EventMessage<?>>> subscriber : subscribers) {
            try {
                subscriber.accept(batch);
            } catch (RuntimeException e) {
                log.error("Could not handle {} event(s) of other nodes", batch.size(), e);
            }
        }
    }
}
