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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Shares the projections' segments out among the nodes on the database. Each processor claims every segment it
 * can (Axon's processors are greedy), so the first node up would run them all; every {@link #EVERY} this node
 * counts the live nodes (their heartbeats) and the live claims in the token store, and releases what it holds
 * beyond its share (the segment count divided by the nodes, rounded up; and of each projection, its segments
 * divided by the nodes) for {@link #RELEASE_FOR}, in which a node below its share claims it (see
 * {@link #toRelease}). A node that dies stops beating and renewing its claims: both lapse after the claim timeout
 * and the others take its segments over. A segment released and then taken back because no other node claimed
 * it (a node that beats but cannot process) is kept for {@link #HOLD_AFTER_RETURN}.
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
        for (Claim claim : toRelease(claims, self, nodes,
                claim -> releasableAfter.getOrDefault(key(claim), Long.MIN_VALUE) > now)) {
            here.get(claim.projection()).releaseSegment(claim.segment(), RELEASE_FOR.toMillis(),
                    TimeUnit.MILLISECONDS);
            releasableAfter.put(key(claim), now + RELEASE_FOR.toMillis() + HOLD_AFTER_RETURN.toMillis());
            log.info("Released {} segment {} to the other nodes ({} nodes)", claim.projection(), claim.segment(),
                    nodes);
        }
        releasableAfter.values().removeIf(after -> after <= now);
    }

    /**
     * What {@code self} releases this round, in order. First the segments of a projection it holds more of than
     * its share of that projection (the segments divided by the nodes, rounded up): otherwise the counts can be
     * even while one node runs both halves of a projection, e.g. when a segment it released came back because
     * the other node was too slow to claim it. Then, while it holds more than its share of all segments, the
     * highest-numbered ones (every projection's lowest segment is kept before any second one), those a node
     * below its share would keep first (see {@link #wantedElsewhere}), then those of projections it would still
     * hold its lower share of, so that no other node ends up with all of one.
     * Segments {@code held} (released lately and taken back) are not released again.
     */
    static List<Claim> toRelease(List<Claim> claims, String self, int nodes, Predicate<Claim> held) {
        Map<String, Long> segmentsOf = claims.stream()
                .collect(Collectors.groupingBy(Claim::projection, Collectors.counting()));
        List<Claim> mine = claims.stream().filter(claim -> self.equals(claim.owner()))
                .sorted(Comparator.comparingInt(Claim::segment).thenComparing(Claim::projection).reversed())
                .toList();
        Map<String, Long> kept = mine.stream()
                .collect(Collectors.groupingBy(Claim::projection, Collectors.counting()));
        List<Claim> release = new ArrayList<>();
        for (Claim claim : mine) {
            long over = kept.get(claim.projection()) - ceilDiv(segmentsOf.get(claim.projection()), nodes);
            if (over > 0 && !held.test(claim)) {
                release.add(claim);
                kept.merge(claim.projection(), -1L, Long::sum);
            }
        }
        long share = ceilDiv(claims.size(), nodes);
        long excess = mine.size() - release.size() - share;
        Set<String> wanted = wantedElsewhere(claims, self, nodes, share);
        List<Claim> rest = mine.stream().filter(claim -> !release.contains(claim) && !held.test(claim))
                .sorted(Comparator.comparing((Claim claim) -> !wanted.contains(claim.projection()))
                        .thenComparing(claim ->
                                kept.get(claim.projection()) <= segmentsOf.get(claim.projection()) / nodes))
                .toList();
        release.addAll(rest.subList(0, (int) Math.min(rest.size(), Math.max(0, excess))));
        return release;
    }

    /**
     * The projections another node below its share holds no segment of: such a node keeps what it takes of them,
     * where another would pass it on. Every projection while some live node holds nothing.
     */
    private static Set<String> wantedElsewhere(List<Claim> claims, String self, int nodes, long share) {
        Map<String, Set<String>> projectionsOf = claims.stream().filter(claim -> claim.owner() != null)
                .collect(Collectors.groupingBy(Claim::owner,
                        Collectors.mapping(Claim::projection, Collectors.toSet())));
        Map<String, Long> countOf = claims.stream().filter(claim -> claim.owner() != null)
                .collect(Collectors.groupingBy(Claim::owner, Collectors.counting()));
        Set<String> all = claims.stream().map(Claim::projection).collect(Collectors.toSet());
        if (projectionsOf.size() < nodes) {
            return all;
        }
        return all.stream().filter(projection -> projectionsOf.entrySet().stream().anyMatch(node ->
                        !node.getKey().equals(self) && countOf.get(node.getKey()) < share
                                && !node.getValue().contains(projection)))
                .collect(Collectors.toSet());
    }

    private static long ceilDiv(long dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static SegmentKey key(Claim claim) {
        return new SegmentKey(claim.projection(), claim.segment());
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
