package io.rollcall.app.axon;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.app.config.ClusterSettings;
import io.rollcall.app.cluster.StoredPositions;
import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.app.eventstore.StoredEvents;
import io.rollcall.app.mongo.DatabaseUnavailable;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The contract's read-your-writes over views that follow the event store: before a query runs, it waits until
 * every projection has handled the newest event appended so far (so everything acknowledged before it, too). When
 * the projections are idle, as they are between a user's requests, that is one comparison; under load it is the
 * projections' lag, a few milliseconds. Queries answered from in-memory live state never wait, and nothing waits
 * while the database is unreachable (the views cannot catch up then).
 */
@Component
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    /** Answered by state kept in the command's own thread: always current. */
    private static final Set<Class<?>> LIVE_QUERIES = Set.of(FindActiveSessionsOfTeacher.class);

    private final RecentEventsStorage events;
    private final EventProcessingConfiguration processing;
    private final Duration timeout;
    private final MongoClient client;
    private final MongoDatabase database;
    /** Null unless other nodes share the database; then the stored positions are what counts. */
    private final StoredPositions shared;
    /** The newest appended position every projection is known to have handled. */
    private volatile long confirmed;
    /** Set once every projection has seen what was stored before this process started. */
    private volatile boolean startCovered;

    public ReadYourWrites(RecentEventsStorage events, EventProcessingConfiguration processing, QueryGateway queries,
                          MongoClient client, MongoDatabase database, ClusterSettings cluster,
                          StoredPositions storedPositions,
                          @Value("${rollcall.read-your-writes.timeout:PT5S}") Duration timeout) {
        this.events = events;
        this.client = client;
        this.database = database;
        this.shared = cluster.shared() ? storedPositions : null;
        this.processing = processing;
        this.timeout = timeout;
        queries.registerDispatchInterceptor(messages -> (index, query) -> {
            if (!LIVE_QUERIES.contains(query.getPayloadType())) {
                await();
            }
            return query;
        });
    }

    /**
     * Waits (at most the timeout, then reads what there is, with a warning) until every projection has handled
     * everything appended before this call.
     */
    public void await() {
        if (shared != null) {
            awaitStored();
            return;
        }
        Optional<RecentEventsStorage.Recent> newest = events.newest();
        if (startCovered && (newest.isEmpty() || newest.get().position() <= confirmed)) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(newest)) {
            if (!databaseReachable()) {
                return; // the views cannot catch up now: the query answers (or fails) at once
            }
            if (System.nanoTime() > deadline) {
                log.warn("Projections did not catch up within {}; answering from the views as they are", timeout);
                return;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * With other nodes on the database: the newest stored event, whichever node stored it, is read and the wait is
     * for every projection to pass it: by its position in memory where this node runs it, by its stored position
     * where another node does. A client that wrote through one node and reads through another sees its write.
     */
    private void awaitStored() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TrackingEventProcessor> here = projections().stream()
                .collect(Collectors.toMap(TrackingEventProcessor::getName, processor -> processor));
        BiFunction<String, Integer, TrackingToken> positionHere = (projection, segment) ->
                positionIn(here.get(projection), segment);
        try {
            List<StoredEvents.Newest> newest = StoredEvents.newest(database, AxonConfig.LOOK_BACK);
            while (!newest.isEmpty() && !shared.allHaveSeen(here.keySet(), newest, positionHere)) {
                if (System.nanoTime() > deadline) {
                    log.warn("Projections {} did not catch up within {}; answering from the views as they are",
                            shared.behind(here.keySet(), newest, positionHere), timeout);
                    return;
                }
                LockSupport.parkNanos(2_000_000);
            }
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            // the views cannot catch up now: the query answers (or fails) at once
        }
    }

    /** Where {@code processor} is in {@code segment}; null if this node does not run that segment. */
    private static TrackingToken positionIn(TrackingEventProcessor processor, int segment) {
        EventTrackerStatus status = processor == null ? null : processor.processingStatus().get(segment);
        return status == null || status.isErrorState() ? null : status.getTrackingToken();
    }

    private List<String> projectionNames() {
        return projections().stream().map(TrackingEventProcessor::getName).toList();
    }

    /** What the driver last saw of the database; an outage shows there without another round trip. */
    private boolean databaseReachable() {
        return client.getClusterDescription().hasReadableServer(ReadPreference.primaryPreferred());
    }

    /** Whether every projection has seen everything stored before start and the given event. */
    private boolean caughtUp(Optional<RecentEventsStorage.Recent> newest) {
        if (!startCovered) {
            if (!allProjections(status -> events.coversFloor(status.getTrackingToken()))) {
                return false;
            }
            startCovered = true;
        }
        if (newest.isEmpty() || newest.get().position() <= confirmed) {
            return true;
        }
        if (!allProjections(status -> events.hasSeen(status.getTrackingToken(), newest.get()))) {
            return false;
        }
        synchronized (this) {
            confirmed = Math.max(confirmed, newest.get().position());
        }
        return true;
    }

    /** Whether every projection has handled everything appended so far (tests wait on it). */
    public boolean isCaughtUp() {
        if (shared != null) {
            return startCaughtUp();
        }
        return caughtUp(events.newest());
    }

    /** Whether every projection has seen everything stored before this process started (its start-up catch-up). */
    public boolean startCaughtUp() {
        if (shared != null) {
            List<StoredEvents.Newest> newest = StoredEvents.newest(database, AxonConfig.LOOK_BACK);
            return newest.isEmpty() || shared.allHaveSeen(projectionNames(), newest);
        }
        return caughtUp(Optional.empty());
    }

    private boolean allProjections(Predicate<EventTrackerStatus> test) {
        for (TrackingEventProcessor processor : projections()) {
            var statuses = processor.processingStatus().values();
            if (statuses.isEmpty() || !statuses.stream().allMatch(test)) {
                return false;
            }
        }
        return true;
    }

    /** The projections' processors. */
    public List<TrackingEventProcessor> projections() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .toList();
    }
}
