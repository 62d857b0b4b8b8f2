package io.rollcall.app.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import io.rollcall.app.mongo.DatabaseConnection;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.util.concurrent.Executors;

/**
 * Axon on MongoDB without Axon Server: the Mongo event storage engine and token store as our own beans (the
 * extension ships no Boot autoconfiguration for 4.12), Jackson for every message and snapshot, no transaction
 * manager (none exists on the embedded server, so projections are idempotent instead).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /**
     * Events fetched per query when reading the store in order (replays, rebuilds). Each fetch is one query; on
     * a server that ignores the timestamp index it is a scan, so a rebuild costs (events / batch) scans.
     */
    static final int READ_BATCH = 5_000;
    /** Events between two snapshots of a class. */
    static final int SNAPSHOT_EVERY = 1_000;
    /** Classes and users kept loaded; a class aggregate is small (enrolment + the active session's marks). */
    static final int AGGREGATE_CACHE_ENTRIES = 20_000;

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

    @Bean
    public MongoTemplate axonMongoTemplate(DatabaseConnection connection, MongoClient client) {
        return DefaultMongoTemplate.builder().mongoDatabase(client, connection.databaseName()).build();
    }

    /**
     * One document per event (per-commit documents can stall tracking). Creates its indexes, including the
     * unique (aggregateIdentifier, sequenceNumber) one that makes concurrent appends fail instead of interleave.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .storageStrategy(new DocumentPerEventStorageStrategy())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(READ_BATCH)
                .build();
    }

    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    /** Keeps loaded aggregates, so a command does not replay the history of its aggregate. */
    @Bean
    public Cache aggregateCache() {
        return new BoundedAggregateCache(AGGREGATE_CACHE_ENTRIES);
    }

    /**
     * Snapshots are taken off the command thread: creating one re-reads the aggregate's events, which must
     * never delay a mark.
     */
    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration,
                                                           HandlerDefinition handlerDefinition,
                                                           ParameterResolverFactory parameterResolverFactory,
                                                           EventStore eventStore,
                                                           TransactionManager transactionManager,
                                                           SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    /**
     * A class is snapshotted every {@link #SNAPSHOT_EVERY} events, so a cold load (after a restart or an eviction
     * from the cache) replays at most that many. Not fewer: taking a snapshot re-reads the aggregate's events,
     * which on a server without secondary indexes is a collection scan. (A load-time trigger was tried and
     * rejected: with cached aggregates its clock starts at the load, so it fired on every later command.)
     */
    @Bean
    public SnapshotTriggerDefinition schoolClassSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY);
    }

    /**
     * Every projection runs subscribing, in the thread of the command that produced the event: by the time a
     * reply or broadcast leaves, the read models show it (the contract's read-your-writes), with no polling.
     * A projection failure fails the command instead of being logged and forgotten.
     */
    @Bean
    public ConfigurerModule subscribingProjections(ProjectionGate gate) {
        return configurer -> configurer.eventProcessing()
                .usingSubscribingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultHandlerInterceptor((c, projection) -> gate.interceptorFor(projection));
    }

    /** Where a rebuild holds live events back while it swaps a projection's collections. */
    @Bean
    public ProjectionGate projectionGate() {
        return new ProjectionGate();
    }
}
