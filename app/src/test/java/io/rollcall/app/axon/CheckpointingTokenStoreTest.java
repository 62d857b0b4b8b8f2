package io.rollcall.app.axon;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Positions and claims as they reach the token store. In a cluster (interval zero) every position is written as
 * it is handed in; otherwise at most once per interval. A processor asks for its claim to be extended at the start
 * of every batch, and when idle every time it waited for events in vain (every 50 ms there); it is renewed in the
 * store at most once per {@link CheckpointingTokenStore#CLAIM_RENEWAL}.
 */
class CheckpointingTokenStoreTest {

    private final CountingStore counted = new CountingStore();
    private CheckpointingTokenStore store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void inAClusterEveryPositionIsWrittenAsItIsHandedIn() {
        store = new CheckpointingTokenStore(counted, Duration.ZERO);
        store.initializeTokenSegments("users", 1);
        store.fetchToken("users", 0);
        for (long position = 1; position <= 20; position++) {
            store.storeToken(new GlobalSequenceTrackingToken(position), "users", 0);
        }
        assertThat(counted.stores.get()).isEqualTo(20);
        assertThat(counted.fetchToken("users", 0)).isEqualTo(new GlobalSequenceTrackingToken(20));
    }

    @Test
    void anIdleProcessorRenewsItsClaimAtMostOncePerRenewalInterval() {
        store = new CheckpointingTokenStore(counted, Duration.ZERO);
        store.initializeTokenSegments("users", 1);
        store.fetchToken("users", 0); // claims it
        long claimed = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            store.extendClaim("users", 0);
        }
        assertThat(counted.extensions.get()).isZero();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            store.extendClaim("users", 0);
            return counted.extensions.get() == 1;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - claimed))
                .isGreaterThanOrEqualTo(CheckpointingTokenStore.CLAIM_RENEWAL);
    }

    @Test
    void batchesOneAfterAnotherWriteTheirPositionsAtMostOncePerInterval() {
        store = new CheckpointingTokenStore(counted, Duration.ofHours(1));
        store.initializeTokenSegments("users", 1);
        store.fetchToken("users", 0);
        long started = System.nanoTime();
        for (long position = 1; position <= 200; position++) {
            store.extendClaim("users", 0); // Axon, at the start of each batch
            store.storeToken(new GlobalSequenceTrackingToken(position), "users", 0); // once its writes landed
        }
        long renewals = Duration.ofNanos(System.nanoTime() - started).dividedBy(CheckpointingTokenStore.CLAIM_RENEWAL);

        assertThat(counted.stores.get() + counted.extensions.get()).isLessThanOrEqualTo((int) renewals);
        store.flush();
        assertThat(counted.fetchToken("users", 0)).isEqualTo(new GlobalSequenceTrackingToken(200));
    }

    @Test
    void aPendingPositionIsWrittenInsteadOfAClaimExtension() {
        store = new CheckpointingTokenStore(counted, Duration.ofHours(1));
        store.initializeTokenSegments("users", 1);
        store.fetchToken("users", 0);
        store.storeToken(new GlobalSequenceTrackingToken(7), "users", 0); // not due: kept
        store.extendClaim("users", 0); // the claim is fresh: nothing to write
        assertThat(counted.stores.get()).isZero();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            store.extendClaim("users", 0);
            return counted.stores.get() == 1;
        });

        assertThat(counted.extensions.get()).isZero();
        assertThat(counted.fetchToken("users", 0)).isEqualTo(new GlobalSequenceTrackingToken(7));
    }

    /** Axon's in-memory store, counting the writes that reach it. */
    private static final class CountingStore extends InMemoryTokenStore {
        final AtomicInteger stores = new AtomicInteger();
        final AtomicInteger extensions = new AtomicInteger();

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            stores.incrementAndGet();
            super.storeToken(token, processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            extensions.incrementAndGet();
            super.extendClaim(processorName, segment);
        }
    }
}
