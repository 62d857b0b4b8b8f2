package io.rollcall.app.axon;

import io.rollcall.app.mongo.DatabaseUnavailable;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Processors' positions, written to MongoDB at most once per {@code interval} per segment instead of after every
 * batch: a processor following live marks handles a batch every few milliseconds, and a durable write per batch
 * per processor would cost more than the marks themselves. A position is handed here only after its batch's writes
 * landed, so the stored one is never ahead of the views; after a crash the processors re-apply at most
 * {@code interval} of events, which the projections absorb (they are idempotent). A claim is renewed at most once
 * per {@link #CLAIM_RENEWAL}: Axon asks for it at the start of every batch, and an idle processor every time it
 * has waited for events in vain.
 */
public class CheckpointingTokenStore implements TokenStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckpointingTokenStore.class);

    private record Key(String processor, int segment) {
    }

    /** Far inside any claim timeout (Axon's 10 s, a cluster's 5 s). */
    static final Duration CLAIM_RENEWAL = Duration.ofSeconds(1);

    private final TokenStore store;
    private final long intervalNanos;
    private final long claimRenewalNanos;
    /** Guarded by {@code this}: positions handed in but not yet written. */
    private final Map<Key, TrackingToken> pending = new HashMap<>();
    /** Guarded by {@code this}: when each segment's row was last written (claim and position alike). */
    private final Map<Key, Long> written = new HashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "token-checkpoints");
        thread.setDaemon(true);
        return thread;
    });

    public CheckpointingTokenStore(TokenStore store, Duration interval) {
        this.store = store;
        this.intervalNanos = interval.toNanos();
        this.claimRenewalNanos = CLAIM_RENEWAL.toNanos();
        long flushEvery = Math.max(interval.toMillis(), 100); // zero: every position is written as handed in
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushEvery, flushEvery, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void storeToken(TrackingToken token, String processorName, int segment) {
        Key key = new Key(processorName, segment);
        pending.put(key, token);
        if (isDue(key)) {
            writeOrKeep(key);
        }
    }

    @Override
    public synchronized TrackingToken fetchToken(String processorName, int segment) {
        Key key = new Key(processorName, segment);
        TrackingToken stored = store.fetchToken(processorName, segment); // claims it
        written.put(key, System.nanoTime());
        return pending.getOrDefault(key, stored);
    }

    @Override
    public synchronized TrackingToken fetchToken(String processorName, Segment segment) {
        return fetchToken(processorName, segment.getSegmentId());
    }

    /**
     * Renews the claim only when its row was last written {@link #CLAIM_RENEWAL} ago; a pending position is written
     * then instead, since it renews the claim too. (Writing the pending position at every call wrote it once per
     * batch: about 60 journaled writes a second with six processors following marks.)
     */
    @Override
    public synchronized void extendClaim(String processorName, int segment) {
        Key key = new Key(processorName, segment);
        if (!isDue(key, claimRenewalNanos)) {
            return;
        }
        if (pending.containsKey(key)) {
            writeOrKeep(key);
        } else {
            try {
                store.extendClaim(processorName, segment);
                written.put(key, System.nanoTime());
            } catch (RuntimeException e) {
                keepIfUnreachable(e);
            }
        }
    }

    /**
     * Writes the pending position; while the database is unreachable it stays pending (the flusher tries again)
     * instead of failing the processor's batch, whose own writes already landed.
     */
    private void writeOrKeep(Key key) {
        try {
            write(key, pending.get(key));
        } catch (RuntimeException e) {
            keepIfUnreachable(e);
        }
    }

    private static void keepIfUnreachable(RuntimeException e) {
        if (!DatabaseUnavailable.isCause(e)) {
            throw e;
        }
    }

    @Override
    public synchronized void releaseClaim(String processorName, int segment) {
        Key key = new Key(processorName, segment);
        TrackingToken last = pending.get(key);
        if (last != null) {
            write(key, last);
        }
        written.remove(key);
        store.releaseClaim(processorName, segment);
    }

    /** Writes every pending position now (a clean shutdown, or a test that reads the stored ones). */
    public synchronized void flush() {
        for (Key key : List.copyOf(pending.keySet())) {
            try {
                write(key, pending.get(key));
            } catch (UnableToClaimTokenException e) {
                pending.remove(key); // another owner took the segment; its position is its own
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not store processor positions; retrying: {}", e.toString());
        }
    }

    private boolean isDue(Key key) {
        return isDue(key, intervalNanos);
    }

    private boolean isDue(Key key, long everyNanos) {
        Long last = written.get(key);
        return last == null || System.nanoTime() - last >= everyNanos;
    }

    private void write(Key key, TrackingToken token) {
        store.storeToken(token, key.processor(), key.segment());
        pending.remove(key);
        written.put(key, System.nanoTime());
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        store.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        store.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        store.initializeSegment(token, processorName, segment);
    }

    @Override
    public synchronized void deleteToken(String processorName, int segment) {
        pending.remove(new Key(processorName, segment));
        store.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return store.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return store.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return store.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return store.retrieveStorageIdentifier();
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flushQuietly();
    }
}
