package io.rollcall.app.axon;

import io.rollcall.app.cluster.ClusterMembers;
import io.rollcall.app.cluster.NodeOrigin;
import io.rollcall.app.cluster.OtherNodesEvents;
import io.rollcall.app.cluster.StoredPositions;
import io.rollcall.app.config.ClusterSettings;
import io.rollcall.query.ActiveSessionIndex;
import io.rollcall.query.OrderedAcrossAggregates;
import io.rollcall.query.ProjectionWriter;
import org.axonframework.common.Registration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.SubscribableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How events reach their handlers. The {@value ActiveSessionIndex#LIVE} group (in-memory live state and the
 * socket feed) is subscribing: it runs in the command's thread right after the append, in commit order per class.
 * Every projection is a tracking processor of its own that follows the event store in batches, with its position
 * in the token store: a failed write fails the batch, which is retried until it lands, and nothing a projection
 * does can slow a mark or fail it.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorsConfig {

    /** Events handled per unit of work (and per write of each collection) by a projection. */
    static final int BATCH_SIZE = 500;
    /**
     * With nodes sharing the database, how often a node's processor without its claim tries for it again: a
     * claim left by a killed node is taken over at most this long after it timed out (Axon's default is 5 s).
     */
    static final long CLUSTER_CLAIM_INTERVAL_MS = 1_000;
    /**
     * With nodes sharing the database, how long a processor waits for an event it handles after events it does not
     * handle before it stores its position past them (Axon's default: 1 s). Read-your-writes on the other nodes
     * waits for the stored positions of all projections (on this node it reads their positions in memory), so a
     * projection that ignores an event must not sit on it. An idle processor wakes after each wait that ends
     * empty (its claim renewal is throttled: {@link CheckpointingTokenStore#CLAIM_RENEWAL}).
     */
    static final long CLUSTER_EVENT_WAIT_MS = 200;

    @Bean
    public ConfigurerModule eventProcessors(ProjectionGate gate, ProjectionWriter writer, ApplicationContext context,
                                            ObjectProvider<InitialPositions> initialPositions,
                                            OtherNodesEvents otherNodes, ClusterSettings cluster) {
        return configurer -> {
            var processing = configurer.eventProcessing()
                    .usingTrackingEventProcessors()
                    .registerSubscribingEventProcessor(ActiveSessionIndex.LIVE, c -> liveEvents(c, otherNodes))
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            Map<String, Integer> segments = segments(context, cluster);
            for (String projection : projections(context)) {
                processing.registerTrackingEventProcessorConfiguration(projection, c ->
                                TrackingEventProcessorConfiguration.forParallelProcessing(segments.get(projection))
                                        .andBatchSize(BATCH_SIZE)
                                        .andTokenClaimInterval(cluster.shared() ? CLUSTER_CLAIM_INTERVAL_MS
                                                : 5_000, TimeUnit.MILLISECONDS)
                                        .andEventAvailabilityTimeout(cluster.shared() ? CLUSTER_EVENT_WAIT_MS
                                                : 1_000, TimeUnit.MILLISECONDS)
                                        .andInitialTrackingToken(source ->
                                                initialPositions.getObject().of(projection, source)))
                        .registerHandlerInterceptor(projection, c -> gate.interceptorFor(projection))
                        .registerHandlerInterceptor(projection, c -> new BatchWritesInterceptor(writer));
            }
        };
    }

    /** With other nodes on the database, shares the projections out among them. */
    @Bean
    public ClaimBalancer claimBalancer(EventProcessingConfiguration processing, ClusterMembers members,
                                       StoredPositions positions, NodeOrigin node, ClusterSettings cluster,
                                       ApplicationContext context) {
        return new ClaimBalancer(processing, members, positions, node, AxonConfig.CLUSTER_CLAIM_TIMEOUT,
                Clock.systemUTC(), cluster.shared(), segments(context, cluster));
    }

    /**
     * Segments per projection: {@link ClusterSettings#segmentsPerProjection()}, but one for a projection whose
     * views depend on the order of different aggregates' events. Each segment has a thread of its own on every
     * node, so a node left alone runs them all.
     */
    static Map<String, Integer> segments(ApplicationContext context, ClusterSettings cluster) {
        Map<String, Integer> segments = new HashMap<>();
        for (String bean : context.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = context.findAnnotationOnBean(bean, ProcessingGroup.class);
            if (group != null && !ActiveSessionIndex.LIVE.equals(group.value())) {
                boolean ordered = context.findAnnotationOnBean(bean, OrderedAcrossAggregates.class) != null;
                segments.merge(group.value(), ordered ? 1 : cluster.segmentsPerProjection(), Math::min);
            }
        }
        return segments;
    }

    /** The live group hears this node's events right after their append, and other nodes' as it learns of them. */
    private static SubscribableMessageSource<EventMessage<?>> liveEvents(org.axonframework.config.Configuration configuration,
                                                                       OtherNodesEvents otherNodes) {
        return handler -> {
            Registration own = configuration.eventBus().subscribe(handler);
            Registration others = otherNodes.subscribe(handler);
            return () -> own.cancel() & others.cancel();
        };
    }

    /** The processing groups of the projections (every group but the live one). */
    public static String[] projections(ApplicationContext context) {
        return Arrays.stream(context.getBeanNamesForAnnotation(ProcessingGroup.class))
                .map(bean -> context.findAnnotationOnBean(bean, ProcessingGroup.class))
                .filter(Objects::nonNull)
                .map(ProcessingGroup::value)
                .filter(group -> !ActiveSessionIndex.LIVE.equals(group))
                .distinct()
                .toArray(String[]::new);
    }
}
