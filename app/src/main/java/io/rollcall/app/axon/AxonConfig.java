package io.rollcall.app.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.rollcall.app.cluster.OtherNodesEvents;
import io.rollcall.app.config.ClusterSettings;
import io.rollcall.app.cluster.NodeOrigin;
import io.rollcall.app.eventstore.CleanShutdownHead;
import io.rollcall.app.eventstore.KeyedLookupStorageStrategy;
import io.rollcall.app.eventstore.PacedStreamReads;
import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.app.eventstore.StoredEvents;
import io.rollcall.app.mongo.DatabaseConnection;
import io.rollcall.app.mongo.DatabaseUnavailable;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Axon on MongoDB without Axon Server: the Mongo event storage engine and token store as our own beans (the
 * extension ships no Boot autoconfiguration for 4.12), Jackson for every message and snapshot, no transaction
 * manager (none exists on the embedded server, so projections are idempotent instead). Event processors: see
 * {@link ProcessorsConfig}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /**
     * Events fetched per query when reading the store in order (replays, rebuilds). Each fetch is one query; on
     * a server that ignores the timestamp index it is a scan, so a rebuild costs (events / batch) scans.
     */
    static final int READ_BATCH = 5_000;
    /** How far back a processor reading the store looks for events committed late (the extension's default). */
    public static final Duration LOOK_BACK = Duration.ofSeconds(1);
    /** How often a processor at the head reads the event collection for other nodes' events. */
    static final Duration CLUSTER_POLL = Duration.ofMillis(250);
    /** With nodes sharing the database, the event collection is read by position at most this often per node. */
    static final Duration CLUSTER_READ_EVERY = Duration.ofMillis(100);
    /**
     * How long the processors let new events gather before handling them: they then write them in one round
     * trip per collection, and several marks of one session in one update of its documents.
     */
    static final Duration LINGER = Duration.ofMillis(25);
    /**
     * Appended events kept in memory for the processors (about 50 MB at most); {@code rollcall.memory.recent-events}
     * changes it (a smaller ring only means more reads of the event collection by processors that fall behind).
     */
    static final int RECENT_EVENTS = 50_000;
    /**
     * And for a minute at most ({@code rollcall.memory.recent-events-age}): processors at the head are milliseconds
     * behind, and a quiet server's memory empties instead of holding the ring's last 50,000 events for good.
     */
    static final String RECENT_EVENTS_AGE = "PT1M";
    /**
     * Tracked events the event store keeps for the processors that follow its head (Axon's default is 10,000). Each
     * carries its own position, and a position of the Mongo extension holds the ids of every event of the last
     * {@link #LOOK_BACK}, a map of 200-500 entries at 200 marks a second: 10,000 of them were most of the live heap
     * and grew it by 35 MB per 2,500 marks (docs/performance.md). Processors at the head are a few events behind;
     * one that falls further behind reads {@link RecentEventsStorage}'s memory instead, as it did before.
     */
    static final int CACHED_EVENTS = 256;
    /** How often a processor's position is written; after a crash at most this much is applied again. */
    static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
    /**
     * With nodes sharing the database, how long a projection's claim outlives its node's last word: a node killed
     * with its claims held leaves its projections (and read-your-writes on the other nodes) waiting this long.
     * Axon's default is 10 s; a live node renews its claims at least every second (see {@link ProcessorsConfig}).
     */
    public static final Duration CLUSTER_CLAIM_TIMEOUT = Duration.ofSeconds(5);
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * One serializer for events, messages and snapshots. Fields are visible so aggregate state can be
     * snapshotted without getters; unknown properties are ignored so old events survive new code.
     */
    @Bean
    @Primary
    public Serializer serializer() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    /**
     * Events and positions are written journaled: an append is acknowledged (and a mark echoed) only once it
     * is durable, and a position is stored only once the read-model writes before it are.
     */
    @Bean
    public MongoTemplate axonMongoTemplate(DatabaseConnection connection, MongoClient client) {
        return DefaultMongoTemplate.builder()
                .mongoDatabase(client.getDatabase(connection.databaseName()).withWriteConcern(WriteConcern.JOURNALED))
                .build();
    }

    /**
     * One document per event (per-commit documents can stall tracking), aggregates read by sequence numbers
     * ({@link KeyedLookupStorageStrategy}). Creates its indexes, including the unique (aggregateIdentifier,
     * sequenceNumber) one that makes concurrent appends fail instead of interleave. Processors following the
     * store read what this process appended from memory ({@link RecentEventsStorage}) while it is the only writer.
     */
    @Bean
    public RecentEventsStorage eventStorageEngine(MongoTemplate axonMongoTemplate, Serializer serializer,
                                                 MongoDatabase database, CleanShutdownHead cleanShutdown,
                                                 ClusterSettings cluster,
                                                 @Value("${rollcall.memory.recent-events:" + RECENT_EVENTS + "}")
                                                 int recentEvents,
                                                 @Value("${rollcall.memory.recent-events-age:" + RECENT_EVENTS_AGE
                                                         + "}") Duration recentEventsAge) {
        boolean singleWriter = !cluster.shared();
        EventStorageEngine mongo = MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .storageStrategy(new KeyedLookupStorageStrategy(LOOK_BACK,
                        KeyedLookupStorageStrategy.holdsUnkeyed(axonMongoTemplate.eventCollection()),
                        KeyedLookupStorageStrategy.holdsUnkeyed(axonMongoTemplate.snapshotCollection())))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(READ_BATCH)
                .build();
        MongoTrackingToken head = !singleWriter ? null : cleanShutdown.take().orElseGet(() ->
                RecentEventsStorage.headOf(mongo, StoredEvents.newestTimestamp(database).orElse(null), LOOK_BACK));
        EventStorageEngine read = singleWriter ? mongo : new PacedStreamReads(mongo, CLUSTER_READ_EVERY);
        return new RecentEventsStorage(read, LOOK_BACK, singleWriter ? recentEvents : 0, LINGER, head,
                recentEventsAge);
    }

    @Bean
    public CleanShutdownHead cleanShutdownHead(MongoDatabase database) {
        return new CleanShutdownHead(database);
    }

    /**
     * Axon's event store over that engine, as its autoconfiguration would build it, but polling at the linger
     * interval: memory hands out events at most {@link #LINGER} late, so a processor at the head polls that
     * often (a read of memory) instead of once a second. In a cluster there is no memory to read: a processor at
     * the head reads the event collection every {@link #CLUSTER_POLL}, and at once after an append of this node or
     * when the change stream brings another node's events.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                         ClusterSettings cluster, OtherNodesEvents otherNodes) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(CACHED_EVENTS)
                .fetchDelay((cluster.shared() ? CLUSTER_POLL : LINGER).toMillis());
        return new EmbeddedEventStore(builder) {
            {
                // another node's events, as this node learns of them, wake the processors' reader as this node's
                // own appends do, instead of leaving them to its next poll
                otherNodes.subscribe(this::afterCommit);
            }

            /** An append wakes the processors' reader once per linger, not once per commit. */
            @Override
            protected void afterCommit(List<? extends EventMessage<?>> events) {
                if (!(storageEngine instanceof RecentEventsStorage memory) || memory.wakesReader()) {
                    super.afterCommit(events);
                }
            }

            /**
             * A snapshot that cannot be read is normally skipped and the aggregate replayed from its events; when
             * the database is unreachable, that second read would wait out the database timeout once more, so the
             * failure is passed on at once (the command answers 503 / "Service unavailable" within the timeout).
             */
            @Override
            protected Optional<DomainEventMessage<?>> handleSnapshotReadingError(String aggregateIdentifier,
                                                                                Throwable e) {
                if (DatabaseUnavailable.isCause(e)) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
                return super.handleSnapshotReadingError(aggregateIdentifier, e);
            }
        };
    }

    /**
     * Processors' positions in MongoDB, written at most once per {@link #CHECKPOINT_EVERY} per processor; after
     * every batch when nodes share the database, whose read-your-writes looks at the stored positions.
     */
    @Bean(destroyMethod = "close")
    public CheckpointingTokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer,
                                              ClusterSettings cluster, NodeOrigin node) {
        if (!cluster.shared()) {
            releaseClaims(axonMongoTemplate.trackingTokensCollection());
        }
        return new CheckpointingTokenStore(
                MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer)
                        .nodeId(node.id()) // claims name this node (the default, pid@host, can repeat)
                        .claimTimeout(cluster.shared() ? CLUSTER_CLAIM_TIMEOUT : Duration.ofSeconds(10))
                        .build(),
                cluster.shared() ? Duration.ZERO : CHECKPOINT_EVERY);
    }

    /**
     * On the only node, a claim still held is that of a process that died (kill -9): its processors take their
     * positions over at once instead of waiting for the claim to time out. One update per claim, not one
     * multi-document update: that would be the only one the service ever sends, and its branch of the driver's
     * update encoder, new to the code the rehearsal compiled, had HotSpot compile that encoder again during the
     * first marks (docs/performance.md, "Branches the service took first").
     */
    static void releaseClaims(MongoCollection<Document> tokens) {
        for (Document claimed : tokens.find(Filters.ne("owner", null)).projection(Projections.include("_id"))) {
            tokens.updateOne(Filters.eq("_id", claimed.get("_id")), Updates.set("owner", null));
        }
    }

    /** Where a rebuild holds live events back while it swaps a projection's collections. */
    @Bean
    public ProjectionGate projectionGate() {
        return new ProjectionGate();
    }
}
