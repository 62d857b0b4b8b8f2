package io.rollcall.app.cluster;

import io.rollcall.app.config.ClusterSettings;
import com.mongodb.client.MongoDatabase;
import io.rollcall.query.ReadSideOptions;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What lets several nodes share one database: other nodes' events, and commands retried on a stale aggregate. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfig {

    /**
     * Retries of a command whose aggregate another node changed meanwhile (its append lost the race), after
     * 2, 4, 8 ... ms: two nodes marking one class flat out can collide several times in a row.
     */
    static final int COMMAND_RETRIES = 8;
    static final long BACKOFF_MILLIS = 2;

    @Bean
    public OtherNodesEvents otherNodesEvents(MongoDatabase database, Serializer serializer,
                                             @Qualifier("aggregateCache") Cache aggregateCache, NodeOrigin node,
                                             ClusterSettings cluster) {
        return new OtherNodesEvents(database, serializer, aggregateCache, node, cluster);
    }

    /** The read side keeps no copies in memory that another node's projections could make stale. */
    @Bean
    public ReadSideOptions readSideOptions(ClusterSettings cluster) {
        return cluster.shared() ? new ReadSideOptions(false) : ReadSideOptions.SINGLE_NODE;
    }

    @Bean
    public ClusterMembers clusterMembers(MongoDatabase database, NodeOrigin node) {
        return new ClusterMembers(database, node, Clock.systemUTC());
    }

    /**
     * The append of an event whose aggregate another node changed since this node cached it fails on the event
     * store's unique (aggregate, sequence) key with a {@code ConcurrencyException}; the failed unit of work drops
     * the cached aggregate, and the retry loads it as stored and checks the command again against it.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-retries");
            thread.setDaemon(true);
            return thread;
        });
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder().retryExecutor(retries)
                .maxRetryCount(COMMAND_RETRIES).backoffFactor(BACKOFF_MILLIS).build();
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(onlyLostRaces(backOff))
                .build();
    }

    /**
     * Retries only a lost append race: a rejected command is answered at once, and one that failed because the
     * database is unreachable is answered "Service unavailable" within its timeout instead of waiting it out
     * again per retry.
     */
    static RetryScheduler onlyLostRaces(RetryScheduler delegate) {
        return (command, failure, failures, dispatch) ->
                isLostRace(failure) && delegate.scheduleRetry(command, failure, failures, dispatch);
    }

    private static boolean isLostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /** Axon's default correlation data, which a provider bean of our own would otherwise replace. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
