package io.rollcall.app.axon;

import io.rollcall.app.cluster.ClusterMembers;
import io.rollcall.app.cluster.NodeOrigin;
import io.rollcall.app.cluster.StoredPositions;
import io.rollcall.app.cluster.StoredPositions.Claim;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shares the projections' segments out among the nodes on the database. Each processor claims every segment it
 * can (Axon's processors are greedy), so the first node up would run them all; every {@link #EVERY} this node
 * counts the live nodes (their heartbeats) and the live claims in the token store, and releases what it holds
 * beyond its share (the segment count divided by the nodes, rounded up) for {@link #RELEASE_FOR}, in which a
 * node below its share claims it. A node that dies stops beating and renewing its claims: both lapse after the
 * claim timeout and the others take its segments over. A segment released and then taken back because no
 * other node claimed it (a node that beats but cannot process) is kept for {@link #HOLD_AFTER_RETURN}.
 */
public class ClaimBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClaimBalancer.class);

    static final Duration EVERY = Duration.ofMillis(ProcessorsConfig.CLUSTER_CLAIM_INTERVAL_MS);
    /** Several claim intervals of the other nodes' processors. */
    static final Duration RELEASE_FOR = Duration.ofSeconds(5);
    static final Duration HOLD_AFTER_RETURN = Duration.ofSeconds(60);

    private record SegmentKey(String projection, int segment) {
    }

    private final EventProcessingConfiguration processing;
    private final ClusterMembers members;
    private final StoredPositions positions;
    private final String self;
    private final Duration claimTimeout;
    private final Clock clock;
    /** Only with other nodes on the database. */
    private final boolean enabled;
    /** Only the balancer's thread: when this node may release a segment again. */
    private final Map<SegmentKey, Long> releasableAfter = new HashMap<>();
    /** Only the balancer's thread: splits asked for and not yet done, per projection. */
    private final Map<String, CompletableFuture<Boolean>> splitting = new HashMap<>();
    /** Configured segments per projection. */
    private final Map<String, Integer> segments;
    private ScheduledExecutorService timer;
    private volatile boolean running;
    private boolean quietFailure;

    public ClaimBalancer(EventProcessingConfiguration processing, ClusterMembers members, StoredPositions positions,
                         NodeOrigin node, Duration claimTimeout, Clock clock, boolean enabled,
                         Map<String, Integer> segments) {
        this.enabled = enabled;
        this.segments = Map.copyOf(segments);
        this.processing = processing;
        this.members = members;
        this.positions = positions;
        this.self = node.id();
        this.claimTimeout = claimTimeout;
        this.clock = clock;
    }

    /** One round: beat, count, split what has fewer segments than configured, release the excess. */
    void balance() {
        members.beat();
        Map<String, TrackingEventProcessor> here = processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast)
                .collect(Collectors.toMap(TrackingEventProcessor::getName, processor -> processor));
        long now = clock.millis();
        List<Claim> claims = positions.claims(here.keySet(), claimTimeout, now);
        splitWhereFewer(here, claims);
        int nodes = members.alive(claimTimeout);
        int share = (claims.size() + nodes - 1) / nodes;
        List<Claim> mine = claims.stream().filter(claim -> self.equals(claim.owner()))
                .sorted(Comparator.comparingInt(Claim::segment).thenComparing(Claim::projection)).toList();
        int excess = mine.size() - share;
        // keeps the first ones: every projection's lowest segment before any second one, so the segments of a
        // split projection go to different nodes
        for (int i = mine.size() - 1; i >= 0 && excess > 0; i--) {
            Claim claim = mine.get(i);
            SegmentKey key = new SegmentKey(claim.projection(), claim.segment());
            if (releasableAfter.getOrDefault(key, Long.MIN_VALUE) > now) {
                continue; // released lately and taken back: nobody else could run it
            }
            here.get(claim.projection()).releaseSegment(claim.segment(), RELEASE_FOR.toMillis(),
                    TimeUnit.MILLISECONDS);
            releasableAfter.put(key, now + RELEASE_FOR.toMillis() + HOLD_AFTER_RETURN.toMillis());
            log.info("Released {} segment {} to the other nodes ({} held, share {})", claim.projection(),
                    claim.segment(), mine.size(), share);
            excess--;
        }
        releasableAfter.values().removeIf(after -> after <= now);
    }

    /**
     * A projection stored with fewer segments than configured (its positions were made before the setting) is
     * split, one segment at a time, by the node that holds its lowest segment.
     */
    private void splitWhereFewer(Map<String, TrackingEventProcessor> here, List<Claim> claims) {
        splitting.values().removeIf(CompletableFuture::isDone);
        Map<String, List<Claim>> byProjection = claims.stream().collect(Collectors.groupingBy(Claim::projection));
        byProjection.forEach((projection, rows) -> {
            if (rows.size() >= segments.getOrDefault(projection, 1) || splitting.containsKey(projection)) {
                return;
            }
            Claim lowest = rows.stream().min(Comparator.comparingInt(Claim::segment)).orElseThrow();
            if (self.equals(lowest.owner())) {
                log.info("Splitting {} segment {} ({} of {} segments)", projection, lowest.segment(), rows.size(),
                        segments.get(projection));
                splitting.put(projection, here.get(projection).splitSegment(lowest.segment()));
            }
        });
    }

    private void balanceQuietly() {
        try {
            balance();
            quietFailure = false;
        } catch (RuntimeException e) {
            if (!quietFailure) { // once per outage, not every second
                log.warn("Could not share the projections out among the nodes ({}); trying again", e.toString());
                quietFailure = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "claim-balancer");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::balanceQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Stops first on shutdown; the node's heartbeat goes, and its processors release their claims as they stop. */
    @Override
    public synchronized void stop() {
        running = false;
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            members.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Could not remove this node's heartbeat", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
