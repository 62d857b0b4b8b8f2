package io.rollcall.app.axon;

import io.rollcall.app.config.ClusterSettings;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How aggregates stay cheap to load: the loaded ones are kept in a bounded cache, and a class is snapshotted
 * every so many events, off the command thread.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AggregatesConfig {

    /** Events between two snapshots of a class. */
    static final int SNAPSHOT_EVERY = 1_000;
    static final int CLUSTER_SNAPSHOT_EVERY = 100;
    /**
     * Classes kept loaded; a class aggregate is small (enrolment + the active session's marks).
     * {@code rollcall.memory.cached-classes} changes it (a class not in the cache is loaded from its snapshot).
     */
    static final int AGGREGATE_CACHE_ENTRIES = 20_000;
    /**
     * A class not used for this long is forgotten ({@code rollcall.memory.class-idle}): far longer than any pause
     * between two marks of a session, and loading a class again costs a snapshot and a few keyed reads.
     */
    static final String CLASS_IDLE = "PT10M";

    /** Finds each command's aggregate without looking through the command's class every time. */
    @Bean
    public CachingCommandTargetResolver commandTargetResolver() {
        return new CachingCommandTargetResolver();
    }

    /** Keeps loaded aggregates, so a command does not replay the history of its aggregate. */
    @Bean
    public Cache aggregateCache(
            @Value("${rollcall.memory.cached-classes:" + AGGREGATE_CACHE_ENTRIES + "}") int cachedClasses,
            @Value("${rollcall.memory.class-idle:" + CLASS_IDLE + "}") Duration classIdle) {
        return new BoundedAggregateCache(cachedClasses, classIdle);
    }

    /**
     * Snapshots are taken off the command thread: creating one re-reads the aggregate's events, which must
     * never delay a mark. Its thread ends with the context (a rehearsal's copies, tests' contexts).
     */
    @Bean
    public SnapshotThread snapshotThread() {
        return new SnapshotThread();
    }

    /** Not an {@code Executor} bean: one of those would stand in for Spring Boot's own task executor. */
    static final class SnapshotThread implements DisposableBean {
        private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "snapshotter");
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public void destroy() {
            executor.shutdown();
        }
    }

    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration,
                                                           HandlerDefinition handlerDefinition,
                                                           ParameterResolverFactory parameterResolverFactory,
                                                           EventStore eventStore,
                                                           TransactionManager transactionManager,
                                                           SnapshotterSpanFactory spanFactory,
                                                           SnapshotThread snapshotThread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread.executor)
                .build();
    }

    /**
     * A class is snapshotted every {@link #SNAPSHOT_EVERY} events, so a cold load (after a restart or an eviction
     * from the cache) replays at most that many. Not fewer: taking a snapshot re-reads the aggregate's events,
     * which on a server without secondary indexes is a collection scan. (A load-time trigger was tried and
     * rejected: with cached aggregates its clock starts at the load, so it fired on every later command.)
     * In a cluster every event of another node makes this node load the class again: every
     * {@link #CLUSTER_SNAPSHOT_EVERY} events there.
     */
    @Bean
    public SnapshotTriggerDefinition schoolClassSnapshotTrigger(Snapshotter snapshotter, ClusterSettings cluster) {
        return new EventCountSnapshotTriggerDefinition(snapshotter,
                cluster.shared() ? CLUSTER_SNAPSHOT_EVERY : SNAPSHOT_EVERY);
    }
}
